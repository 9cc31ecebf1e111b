figure-population-2024 = Population (2024)
figure-households-2024 = Ménages (2024)
figure-change-since-2014 = Évolution depuis 2014
figure-area = Superficie (km²)
figure-urban-communes = Communes urbaines
figure-rural-communes = Communes rurales
figure-branches-title = Sections du parti
figure-branches = { $count ->
    [one] { $count } section
   *[other] { $count } sections
}
figure-inhabitants = { $count ->
    [one] { $count } habitant
   *[other] { $count } habitants
}
figure-source-census = Source : Haut-Commissariat au Plan, RGPH 2024. Sections et adhérents à jour de cotisation : registres du parti, à jour à chaque modification.
territory-communes-count = { $count ->
    [one] { $count } commune
   *[other] { $count } communes
}
territory-subunits = Unités rattachées
territory-party-units = Sections
territory-no-party-units = Le parti n’a pas encore de section ici.
territory-add-unit = Ajouter une unité
kind-province = province
kind-prefecture = préfecture
kind-prefecture-of-arrondissements = préfecture d’arrondissements
kind-urban = commune urbaine
kind-rural = commune rurale
kind-branch = section locale
kind-section = section à l’étranger
level-country = pays
level-region = région
level-province = province
level-cercle = cercle
level-commune = commune
level-arrondissement = arrondissement
level-branch = section
level-abroad = sections à l’étranger
level-abroad-country = pays
level-abroad-city = ville
new-unit-title-branch = Nouvelle section
new-unit-title-abroad-country = Nouveau pays
new-unit-title-abroad-city = Nouvelle ville
branch-prefix = Section
field-country-code-label = Code du pays (deux lettres, ISO 3166)
field-name-ar = Nom en arabe
field-name-fr = Nom en caractères latins
figure-members-title = Adhérents
figure-members = { $count ->
    [one] { $count } adhérent
   *[other] { $count } adhérents
}
