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
