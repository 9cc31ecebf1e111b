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
branch-import-title = Importer une liste de sections
branch-import-link = Importer une liste de sections
branch-import-commune = Commune
branch-import-name-ar = Nom en arabe
branch-import-name-fr = Nom en français
branch-import-founded-on = Créée le
branch-import-file = La liste (CSV ou Excel .xlsx)
branch-import-hint = Une ligne par section, sous une ligne d'en-têtes qui nomme ses colonnes : la commune (son code HCP, ou son nom en arabe ou en français), le nom de la section en arabe et en français, et sa date de création (facultative ; aujourd'hui si vide).
branch-import-check = Vérifier la liste
branch-import-again = Vérifier un autre fichier
branch-import-verdict = Résultat
branch-import-ready = Prête
branch-import-passed = { $count ->
    [one] Une section prête à importer.
   *[other] { $count } sections prêtes à importer.
}
branch-import-refused = { $count ->
    [one] une ligne refusée
   *[other] { $count } lignes refusées
}
branch-import-apply = { $count ->
    [one] Importer cette section
   *[other] Importer ces { $count } sections
}
branch-import-apply-hint = Les lignes refusées sont laissées de côté : corrigez-les dans le fichier et vérifiez-le à nouveau pour les importer.
branch-import-made = { $count ->
    [one] Une section a été créée, avec son bureau.
   *[other] { $count } sections ont été créées, chacune avec son bureau.
}
branch-import-missing-columns = Aucune ligne d'en-têtes ne nomme ces colonnes :
branch-import-too-many-rows = Une liste compte au plus { $count } sections.
branch-import-no-rows = Le fichier a une ligne d'en-têtes mais aucune section dessous.
branch-import-commune-outside = Cette commune est hors du lieu où vous importez, ou hors de votre périmètre.
branch-import-founded-ahead = Une date de création ne peut pas être dans le futur.
branch-import-exists = Cette commune a déjà une section de ce nom (enregistrée, ou plus haut dans le fichier).
branch-manage-title = Gérer cette section
branch-rename = Renommer
branch-close = Fermer ou fusionner
branch-close-hint = Une section fermée garde sa page, ses réunions et ses anciens adhérents ; elle ne compte plus parmi les sections et ne reçoit plus de nouvel adhérent.
branch-close-on = Dernier jour
branch-close-reason = Pourquoi
branch-close-members = Ses adhérents
branch-close-lapse = Restent avec la section fermée, comme adhérents non à jour
branch-close-merge = Passent à une autre section (les sections fusionnent)
branch-merge-into = La section qu'ils rejoignent
branch-close-submit = Fermer la section
branch-close-ahead = Le dernier jour ne peut pas être dans le futur.
branch-merge-choose = Choisissez la section que rejoignent ses adhérents.
branch-closed-on = Fermée le
branch-merged-into = Fusionnée avec
