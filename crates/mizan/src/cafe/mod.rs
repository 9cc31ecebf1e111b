//! Policy Café: live Q&A between young people and a panel of ministers and officials. Sessions
//! joined by a short code without an account, questions and votes from devices (one vote per
//! device per question, by the store's primary key), moderation with a public log, the
//! participant's phone, the stage screen and the moderator console updated live (Server-Sent
//! Events; across server processes through PostgreSQL's LISTEN/NOTIFY), then answers and
//! commitments in a public archive.

pub mod actions;
pub mod api;
pub mod limits;
pub mod live;
pub mod model;
pub mod moderation;
pub mod pages;
pub mod panel;
pub mod participate;
pub mod similar;
pub mod store;
pub mod votes;

/// The café's share of the application state: the live channels, the vote writer and the abuse
/// limits of this process.
#[derive(Debug, Default)]
pub struct Cafe {
    pub live: live::Live,
    pub devices: limits::Devices,
    pub sessions: limits::Sessions,
    pub votes: votes::VoteWriter,
    pub limiter: limits::Limiter,
    pub buckets: limits::Buckets,
    pub limits: model::Limits,
}

impl Cafe {
    /// The café of a process configured so.
    pub fn new(config: &crate::config::Config) -> Cafe {
        Cafe {
            limits: model::Limits {
                votes_per_second_per_address: config.cafe_votes_per_second_per_address,
                vote_burst_per_address: config.cafe_vote_burst_per_address,
                ..model::Limits::default()
            },
            ..Cafe::default()
        }
    }
}
