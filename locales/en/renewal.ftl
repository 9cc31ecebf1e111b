# Branch renewal.
renewal-title = Branch renewal
renewal-no-campaign = No renewal campaign yet.
renewal-open = Open a campaign
renewal-code = Campaign code
renewal-code-format = Latin letters, digits, _ or - only.
renewal-code-taken = Another campaign has this code.
renewal-scope = Scope (unit code, MA for the country)
renewal-unknown-scope = Unknown territorial unit.
renewal-min-paid = Minimum paid-up members to hold the general assembly
renewal-min-paid-range = A whole number from 0 to 10,000.
renewal-min-paid-needed = { $count ->
    [0] no minimum
    [one] one member needed
   *[other] { $count } members needed
}
renewal-definition = The campaign's branches in this territory, by stage. Renewal rate: branches whose renewal the province validated, among branches not merged. Overdue: renewal unfinished after the campaign's end, or an assembly called whose day has passed without being recorded. New branches: created during the campaign; newly covered communes: those without a branch before.
renewal-validated-of = { $count ->
    [0] no branch validated
    [one] one branch validated
   *[other] { $count } branches validated
}
renewal-all = All branches
renewal-urban = Urban communes
renewal-rural = Rural communes
renewal-rate = Renewal rate
renewal-overdue = Overdue
renewal-new = new
renewal-new-branches = New branches
renewal-new-communes = Newly covered communes
renewal-branches = Branches
renewal-stage = Stage
renewal-stage-due = To be called
renewal-stage-convened = Assembly called
renewal-stage-held = Assembly held
renewal-stage-elected = Bureau elected
renewal-stage-validated = Validated by the province
renewal-stage-lapsed = Lapsed
renewal-stage-merged = Merged
renewal-show-overdue = overdue
renewal-show-new = new
renewal-show-urban = urban
renewal-show-rural = rural
renewal-assembly = General assembly day
renewal-convene = Call the general assembly
renewal-convene-hint = The convocation is taken as sent to the paid-up members.
renewal-hold = Record the general assembly
renewal-held-on = Held on
renewal-present-members = Members present (paid-up)
renewal-paid-members = Paid-up members
renewal-elect = Elect the bureau
renewal-elected-on = Elected on
renewal-secretary = Secretary
renewal-treasurer = Treasurer
renewal-bureau-members = Other bureau members
renewal-validate = Validate the renewal
renewal-close = Declare lapsed or merge
renewal-merged-into = Merged into branch (code)
renewal-lapse = Lapsed
renewal-merge = Merge
renewal-before-campaign = The date is before the campaign starts.
renewal-date-in-future = An event cannot be dated in the future.
renewal-not-enough-paid-members = Fewer paid-up members than the minimum to hold the assembly.
renewal-not-eligible = This person is not a paid-up member of the branch.
renewal-no-quorum = No quorum: the bureau cannot be elected; call a new assembly.
renewal-elected-not-present = Only members present at the assembly can be elected.
renewal-one-seat-each = One person cannot hold two seats.
renewal-no-bureau = This branch has no bureau in the bodies' configuration.
renewal-unknown-branch = Unknown branch in this campaign.
nav-renewal = Renewal
renewal-map = Map of the renewal rate
