# Volunteer activities.
nav-activities = Activities
activities-title = Volunteer activities
activities-list = Activities
activities-count = Activities
activities-beneficiaries = Counted beneficiaries
activities-coverage = Per 100,000 inhabitants
activities-per-100k = { $count } per 100,000 inhabitants
activities-rural-share = Share of rural communes
activities-verification-rate = Verification rate
activities-definition = Activities: done or verified, whose first day falls in the period (planned and rejected ones do not count). Counted beneficiaries: women, men and children counted at those activities; youth, elderly and people with disabilities are "of whom" and never added to it. These are counted contacts: one person reached twice counts twice. Coverage: beneficiaries per 100,000 inhabitants (2024 census). Verification rate: verified activities among the counted ones.
activities-by-category = By category
activities-by-type = By type
activities-by-month = By month
activities-map = Map of coverage per 100,000 inhabitants
activities-map-legend = Beneficiaries per 100,000 inhabitants:
activity-record = Record an activity
activity-type = Activity type
activity-title = Title
activity-status = Status
activity-status-planned = Planned
activity-status-done = Done
activity-status-verified = Verified
activity-status-rejected = Rejected
activity-counted = Counted beneficiaries
activity-counted-hint = Women, men and children make the total; youth, elderly and people with disabilities are "of whom".
activity-description = Description
activity-verify = Verify the activity
activity-reject = Reject
activity-reject-reason = Reason for rejecting
activity-done-in-future = A done activity cannot be dated in the future.
activity-count-range = A whole number from 0 to a million.
activity-no-beneficiaries = Give the beneficiaries (women, men or children).
activity-of-whom-above-total = This number cannot be above the total of beneficiaries.
activity-registered = Registered beneficiaries
activity-registered-hint = Identified people of the registry, with their consent; counted once however many activities reached them, never added to the counted beneficiaries.
activity-consent-method = How consent was given
activity-consent-given = The person agrees to be kept as a registered beneficiary
activity-consent-needed = Nobody is registered without their consent.
activity-register = Register the beneficiary
activities-registered = Registered people (distinct)
activities-progress = Progress to target
activities-target-activities = { $count ->
    [one] of a target of one activity
   *[other] of a target of { $count } activities
}
activities-target-beneficiaries = { $count ->
    [one] of a target of one beneficiary
   *[other] of a target of { $count } beneficiaries
}
activities-ranked = Highest and lowest coverage
activities-top = Highest (per 100,000 inhabitants)
activities-bottom = Lowest (per 100,000 inhabitants)
activity-correct = Correct the activity
activity-correct-hint = A planned activity that took place becomes done with its counts; a count typed wrong is corrected. A rejected activity corrected goes back for review. A verified one cannot be changed.
activity-delete = Delete the activity
activity-delete-hint = Only for an activity recorded by mistake: it leaves the figures at once. The deletion stays in the audit log.
activity-partners = Partner organizations
activity-partners-hint = One per line, or separated by commas.
activity-too-many-partners = At most 20 partners.
activity-volunteers = Volunteers
activity-volunteers-hint = People of the registry who gave their time to this activity (not its beneficiaries): their file's number.
activity-add-volunteer = Add the volunteer
activities-volunteers = Volunteers (distinct people)
activity-photos = Photos (evidence)
activity-photo = Photo
activity-photo-add = Add a photo
activity-photo-hint = JPEG, PNG or WebP, up to 15 MB. It is shrunk and kept without its metadata: the place and time the phone wrote in it are removed. At most 12 photos.
activity-photo-send = Send the photo
activity-photo-remove = Remove
photo-choose-file = Choose a photo.
photo-too-large = The photo is larger than 15 MB.
photo-type = Only a JPEG, PNG or WebP photo is accepted.
photo-pixels = The picture is too large to be read (at most 12,000 pixels a side).
photo-damaged = The photo is damaged and cannot be read.
photo-too-many = This activity already has 12 photos: remove one first.
