# Bodies, mandates, meetings, the meeting rate.
territory-bodies = Bodies
body-types-title = Body types
body-types-hint = Each type has an expected pace of meetings and a quorum rule; changing them changes the figures at once.
body-formed-on = Formed on
body-meetings = Meetings
body-meetings-held = Meetings held
body-last-held = Last meeting
body-last-met = Last met: { $date }
body-never-met = Has not met yet
body-no-meetings = No meeting recorded.
body-members = Current members
body-no-members = This body has no members yet: give its seats first.
body-past-members = Past members
body-mandates = Seats in bodies
body-expected-pace = Expected pace (meetings a year)
body-meetings-per-year = { $count ->
    [one] at least one meeting a year
   *[other] at least { $count } meetings a year
}
body-type-pace-range = A whole number from 1 to 52.
body-type-share-format = Write the share as 2/3.
mandate-give = Give a seat
mandate-person = Person
mandate-position = Seat
mandate-since = Since
mandate-period = Period
mandate-current = to date
mandate-end = End
mandate-ended-on = End date
mandate-end-reason = Reason for ending
person-picker-hint = Type the name in Arabic or Latin script, the phone's last digits or the CIN.
person-picker-choose = Choose the person for
person-picker-again = Search again
person-picker-new = Not registered yet? Add them to the registry
person-choose = Choose the person among those found.
person-not-found = Nobody with this name or number within your reach.
mandate-not-a-member = Not a member of the organization on that date.
mandate-seat-taken = Someone else holds this seat on that date.
mandate-start-in-future = A seat cannot start in the future.
meeting-title = Meeting
meeting-record = Record a meeting
meeting-status = Status
meeting-status-scheduled = Scheduled
meeting-status-held = Held
meeting-status-postponed = Postponed
meeting-status-cancelled = Cancelled
meeting-date = Date
meeting-place = Place
meeting-theme = National theme
meeting-agenda = Agenda
meeting-minutes = Minutes
meeting-guests = Guests
meeting-guests-hint = One guest per line: name — quality.
meeting-attendance = Attendance
meeting-attendance-hint = For each member: present, excused or absent. A meeting is recorded as held only with its attendance.
meeting-present = Present
meeting-quorum = Quorum
meeting-quorum-reached = reached
meeting-quorum-missed = not reached
meeting-quorum-required = { $count ->
    [one] one member required
   *[other] { $count } members required
}
meeting-recorded-by = Recorded by
meeting-postpone = Postpone
meeting-cancel = Cancel
meeting-held-in-future = A held meeting cannot be dated in the future.
meeting-before-body = The date is before the body was formed.
meeting-no-members = The body needs members whose attendance is taken: give its seats first.
meeting-nobody-present = No member present: the meeting cannot be recorded as held.
meeting-all-present = Everyone present, except those marked otherwise below
meeting-presences-missing = Say who attended: tick “Everyone present” then the excused and the absent, or each member's presence.
meeting-presence-missing = Say whether this member attended.
meeting-decisions = Decisions
meeting-no-decisions = No decision recorded.
presence-present = Present
presence-excused = Excused
presence-absent = Absent
decision-text = Decision
decision-owner = Owner
decision-due = Due
decision-standing = Standing
decision-open = Open
decision-done = Done
decision-overdue = Overdue
decision-add = Add a decision
decision-mark-done = Mark done
decision-owner-not-member = The owner is a member of the body called to the meeting.
quorum-majority = Majority (half plus one)
quorum-share = at least { $share } of the members
quorum-share-choice = A share of the members
quorum-share-value = Share
rate-title = Meeting rate of bodies
rate-body-type = Body type
rate-met = Met
rate-bodies = Bodies
rate-on-pace = On pace
rate-with-quorum = With quorum
rate-by-territory = By territory
rate-definition = Bodies of this type in this territory that existed during the period (formed before its end, not dissolved before its start) and held at least one meeting in it, recorded as held with its attendance (at least one member present). A body that met twice counts once; postponed, cancelled and merely scheduled meetings do not count; a meeting without quorum counts as held and the list says so.
rate-on-pace-definition = "On pace": held at least the number of meetings their type expects over the period:
rate-expected = { $count ->
    [one] one meeting
   *[other] { $count } meetings
}
rate-list-met = { $count ->
    [0] No body met
    [one] One body met
   *[other] { $count } bodies met
}
rate-list-not-met = { $count ->
    [0] Every body met
    [one] One body did not meet
   *[other] { $count } bodies did not meet
}
rate-decisions = Decisions follow-up
rate-decisions-definition = Decisions of these bodies' meetings in the period, as they stand today; overdue: open past their due date.
figure-definition = Definition
figure-from = From
figure-to = to
figure-show = Show
figure-period-reversed = The period ends before it starts.
field-unknown-choice = Unknown choice.
nav-meetings = Meetings
rate-map = Map of the meeting rate
meeting-minutes-files = Minutes files
meeting-no-files = No file attached.
meeting-minutes-upload = Attach the minutes (PDF or image)
meeting-minutes-hint = PDF, PNG or JPEG, at most 10 MB.
meeting-minutes-send = Attach
meeting-file-kb = { $count } KB
minutes-choose-file = Choose a file.
minutes-too-large = The file is larger than 10 MB.
minutes-type = Only a PDF or a PNG or JPEG image is accepted.
meeting-record-held = Record it as held
meeting-held-on = Held on
meeting-postpone-or-cancel = Postpone or cancel
meeting-new-date = New date (to postpone)
meeting-reason = Why (optional)
meeting-history = History
meeting-event-scheduled = Scheduled
meeting-event-held = Held
meeting-event-postponed = Postponed
meeting-event-cancelled = Cancelled
meeting-event-from = from
meeting-event-to = to
meeting-postponed-to-past = Choose a day from today on.
meeting-postponed-same-day = This is already its date.
meeting-planned-for = It was planned for
body-type-code-format = A code is 2 to 40 lower-case letters, digits or _ (starting with a letter).
body-type-code-taken = A body type already has this code.
body-type-no-seat = Give the body type at least one seat.
body-type-seat-twice = Two seats have the same code.
body-type-retired-on = retired since { $date }
body-type-retire = Retire this type
body-type-retire-hint = A type in use is never deleted: its bodies and their history stay, no new unit gets one, the figures offer it no more.
body-type-restore = Bring this type back
body-type-new = New body type
body-type-new-hint = A body of this type is made at once in every unit of its level.
body-type-name-en = Name in English (optional)
body-type-code = Code (lower-case Latin letters, digits and _)
body-type-level = Territorial level
body-type-seats = Seats
body-type-seats-hint = At least one seat; leave the extra rows empty.
body-type-seat-ar = Seat { $n } in Arabic
body-type-seat-fr = In Latin script
body-type-single-seat = Single seat (one person at a time)
body-type-create = Create the type and its bodies
themes-title = National themes of meetings
themes-hint = Themes bodies are asked to discuss; one is chosen when a meeting is recorded.
theme-retired = retired
theme-retire = Retire
theme-restore = Bring back
theme-add = Add the theme
theme-name-taken = A theme already has this name.
meeting-guest-twice = This person is already a guest of the meeting.
meeting-guest-person = Search the registry for a guest
meeting-guest-quality = Quality
meeting-guest-add = Add the guest
person-picker-born = born { $year }
person-picker-more = More than eight found: add another part of the name or a number to narrow it.
mandate-sits-already = This person already sits on this body.
