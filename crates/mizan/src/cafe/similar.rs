//! Questions that ask the same thing: beside a question, the moderator is offered the others that
//! share most of its words, to merge it into one of them in one tap (their votes carried over).

use std::collections::{HashMap, HashSet};

use super::model::{Question, Status};

/// At least this share of their words in common (of all the words of both).
const ALIKE: f64 = 0.4;
/// At most this many offered beside a question.
const OFFERED: usize = 2;

/// The words that carry a question's meaning: folded (hamza, alef and case forms made one),
/// three letters or more (the little words of both languages left out).
fn words(text: &str) -> HashSet<String> {
    mizan_text::fold(text)
        .split(' ')
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_owned)
        .collect()
}

/// For each question that may still be merged, the others it may be merged into that ask much
/// the same, the most alike first.
pub fn alike(questions: &[&Question]) -> HashMap<i64, Vec<i64>> {
    let open: Vec<(&Question, HashSet<String>)> = questions
        .iter()
        .filter(|q| matches!(q.status, Status::Pending | Status::Published))
        .map(|q| (*q, words(&q.body)))
        .collect();
    let mut found = HashMap::new();
    for (q, mine) in &open {
        if mine.is_empty() {
            continue;
        }
        let mut scored: Vec<(f64, i64)> = open
            .iter()
            .filter(|(other, _)| other.id != q.id)
            .filter_map(|(other, theirs)| {
                let shared = mine.intersection(theirs).count() as f64;
                let all = mine.union(theirs).count() as f64;
                let share = shared / all;
                (share >= ALIKE).then_some((share, other.id))
            })
            .collect();
        scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        if !scored.is_empty() {
            found.insert(q.id, scored.into_iter().take(OFFERED).map(|(_, id)| id).collect());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(id: i64, body: &str, status: Status) -> Question {
        Question {
            id,
            body: body.into(),
            first_name: String::new(),
            age_band: String::new(),
            status,
            sector: String::new(),
            pinned: false,
            answered: false,
            votes: 0,
            asked_at: chrono::DateTime::UNIX_EPOCH,
            merged_into: None,
            answer: String::new(),
            hidden_reason: None,
        }
    }

    #[test]
    fn the_same_question_in_other_words_is_offered_and_an_unrelated_one_is_not() {
        let asked = [
            question(1, "متى سيتم توفير فرص الشغل للشباب في تازة؟", Status::Published),
            question(2, "متى توفير فرص الشغل لشباب تازة", Status::Pending),
            question(
                3,
                "ما هو برنامج الحكومة للصحة في العالم القروي؟",
                Status::Published,
            ),
            question(4, "متى سيتم توفير فرص الشغل للشباب في تازة؟", Status::Hidden),
        ];
        let refs: Vec<&Question> = asked.iter().collect();
        let found = alike(&refs);
        assert_eq!(
            found.get(&2),
            Some(&vec![1]),
            "the pending one offers the published one"
        );
        assert_eq!(found.get(&1), Some(&vec![2]));
        assert_eq!(found.get(&3), None, "nothing alike");
        assert!(
            !found.values().flatten().any(|&id| id == 4),
            "a hidden question is no target"
        );
    }
}
