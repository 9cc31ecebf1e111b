figure-population-2024 = Population (2024)
figure-households-2024 = Households (2024)
figure-change-since-2014 = Change since 2014
figure-area = Area (km²)
figure-urban-communes = Urban communes
figure-rural-communes = Rural communes
figure-branches-title = Party branches
figure-branches = { $count ->
    [one] { $count } branch
   *[other] { $count } branches
}
figure-inhabitants = { $count ->
    [one] { $count } inhabitant
   *[other] { $count } inhabitants
}
figure-source-census = Source: Haut-Commissariat au Plan, 2024 census. Branches and members in good standing: party records, current at every change.
territory-communes-count = { $count ->
    [one] { $count } commune
   *[other] { $count } communes
}
territory-subunits = Units within
territory-party-units = Branches
territory-no-party-units = The party has no branch here yet.
territory-add-unit = Add a unit
kind-province = province
kind-prefecture = prefecture
kind-prefecture-of-arrondissements = prefecture of arrondissements
kind-urban = urban commune
kind-rural = rural commune
kind-branch = local branch
kind-section = section abroad
level-country = country
level-region = region
level-province = province
level-cercle = cercle
level-commune = commune
level-arrondissement = arrondissement
level-branch = branch
level-abroad = sections abroad
level-abroad-country = country
level-abroad-city = city
new-unit-title-branch = New branch
new-unit-title-abroad-country = New country
new-unit-title-abroad-city = New city
branch-prefix = Branch
field-country-code-label = Country code (two letters, ISO 3166)
field-name-ar = Name in Arabic
field-name-fr = Name in Latin script
figure-members-title = Members
figure-members = { $count ->
    [one] { $count } member
   *[other] { $count } members
}
branch-import-title = Import a list of branches
branch-import-link = Import a list of branches
branch-import-commune = Commune
branch-import-name-ar = Name in Arabic
branch-import-name-fr = Name in French
branch-import-founded-on = Founded on
branch-import-file = The list (CSV or Excel .xlsx)
branch-import-hint = One row per branch, under a header row naming its columns: the commune (its HCP code, or its name in Arabic or French), the branch's name in Arabic and in French, and its founding date (optional; today if empty).
branch-import-check = Check the list
branch-import-again = Check another file
branch-import-verdict = Result
branch-import-ready = Ready
branch-import-passed = { $count ->
    [one] One branch ready to import.
   *[other] { $count } branches ready to import.
}
branch-import-refused = { $count ->
    [one] one row refused
   *[other] { $count } rows refused
}
branch-import-apply = { $count ->
    [one] Import this branch
   *[other] Import these { $count } branches
}
branch-import-apply-hint = The refused rows are left out: correct them in the file and check it again to import them.
branch-import-made = { $count ->
    [one] One branch was created, with its bureau.
   *[other] { $count } branches were created, each with its bureau.
}
branch-import-missing-columns = No header row names these columns:
branch-import-too-many-rows = A list holds at most { $count } branches.
branch-import-no-rows = The file has a header row but no branch under it.
branch-import-commune-outside = This commune is outside the place you import at, or outside your scope.
branch-import-founded-ahead = A founding date cannot be in the future.
branch-import-exists = This commune already has a branch of this name (in the store or higher in the file).
branch-manage-title = Manage this branch
branch-rename = Rename
branch-close = Close or merge
branch-close-hint = A closed branch keeps its page, its meetings and its former members; it no longer counts among the branches and takes no new member.
branch-close-on = Last day
branch-close-reason = Why
branch-close-members = Its members
branch-close-lapse = Stay with the closed branch, as lapsed members
branch-close-merge = Move to another branch (the branches merge)
branch-merge-into = The branch they join
branch-close-submit = Close the branch
branch-close-ahead = The last day cannot be in the future.
branch-merge-choose = Choose the branch its members join.
branch-closed-on = Closed on
branch-merged-into = Merged into
