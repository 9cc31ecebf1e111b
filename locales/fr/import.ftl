## Imports de personnes depuis les fichiers des sections (CSV, .xlsx)

import-field-family-name = Nom
import-field-given-name = Prénom
import-field-cin = CIN
import-field-phone = Téléphone
import-field-birth-date = Date de naissance
import-field-sex = Sexe
import-field-email = E-mail
import-field-commune = Commune de résidence
import-field-profession = Profession
import-field-education = Niveau d’études
import-field-address = Adresse
import-field-notes = Remarques
import-field-join-date = Date d’adhésion

import-report-row = Ligne
import-report-column = Colonne
import-report-header = En-tête
import-report-value = Valeur
import-report-reason = Motif

import-duplicate-in-file = La même personne que la ligne { $row } du fichier.
import-commune-unknown = Aucune commune ni arrondissement de ce nom dans votre périmètre.
import-commune-ambiguous = Plusieurs communes portent ce nom : indiquez plutôt son code.
import-join-date-impossible = Date d’adhésion impossible.

import-no-header = Aucune ligne d’en-têtes trouvée dans les premières lignes du fichier (en-têtes comme Nom, Prénom, CIN, الاسم العائلي).
import-no-name-column = Aucune colonne ne contient de nom ou de prénom.
import-no-place = Le fichier ne dit pas où habitent les personnes : choisissez une colonne de commune, ou importez dans une section.
import-branch-out-of-scope = Cette section est hors de votre périmètre.
import-unknown-organization = Organisation inconnue.
import-file-unreadable = Le fichier ne peut pas être lu.
import-file-too-large = Le fichier est trop volumineux.
import-too-many-rows = Le fichier a trop de lignes.
import-too-many-columns = Une ligne du fichier a trop de colonnes.
import-cell-too-long = Une cellule du fichier est trop longue.
import-zip-bomb = Le classeur se décompresse en une taille déraisonnable.
import-too-many-texts = Le classeur contient trop de textes différents : enregistrez-le en CSV ou découpez-le en fichiers plus petits.
import-encrypted = Le classeur est protégé par un mot de passe : retirez-le puis réessayez.
import-no-sheet = Le classeur n’a aucune feuille.
import-malformed = Ce n’est pas un fichier CSV ou .xlsx lisible par Mizan (un ancien .xls doit être enregistré en .xlsx).

## Pages d’import
import-title = Importer des personnes depuis un fichier
import-at-branch = Les personnes du fichier adhèrent à l’organisation dans cette section ; elles habitent sa commune sauf si une colonne dit autre chose.
import-at-commune = Les personnes du fichier habitent ici (sauf si une colonne dit autre chose) ; les importer n’en fait pas des membres.
import-file = Fichier (CSV ou Excel .xlsx)
import-file-hint = Tel que la section le tient : les en-têtes peuvent être sous un titre, en arabe ou en français ; CSV en UTF-8 ou Windows-1256, séparé par des virgules, des points-virgules ou des tabulations. Jusqu’à 64 Mo.
import-organization = Organisation à laquelle elles adhèrent
import-upload = Lire le fichier
import-choose-file = Choisissez un fichier à importer.
import-columns = Ligne d’en-têtes et colonnes
import-header-row = Ligne des en-têtes
import-samples = Premières valeurs
import-field = Va dans
import-field-none = (non importé)
import-all-or-nothing = Tout ou rien : ne rien importer si une ligne est rejetée
import-check = Vérifier le fichier (rien n’est écrit)
import-checked = Ce que l’import fera
import-done = Importé
import-nothing-landed = Rien n’a été importé : des lignes ont été rejetées et « tout ou rien » était choisi
import-read = Lignes lues
import-accepted = Acceptées
import-matched = Déjà enregistrées (reconnues)
import-already-members = Déjà membres, inchangés
import-updated = Fiches mises à jour depuis le fichier
import-updated-title = Fiches mises à jour depuis le fichier
import-would-update-title = Fiches qui seront mises à jour depuis le fichier
import-updated-fields = Champs modifiés
import-on-existing = Personnes déjà enregistrées
import-on-existing-skip = Ne rien changer à leur fiche
import-on-existing-fill = Remplir les champs vides de leur fiche
import-on-existing-update = Mettre à jour les champs où le fichier diffère
import-rejected = Rejetées
import-skipped-blank = Lignes vides ignorées
import-report-download = Télécharger le rapport des lignes rejetées (CSV pour Excel)
import-confirm = Importer
import-confirm-hint = { $count ->
    [0] Personne ne sera importé.
    [one] Une personne sera importée.
   *[other] { $count } personnes seront importées.
}
import-all-or-nothing-blocks = Avec « tout ou rien », rien ne sera importé tant que des lignes sont rejetées : corrigez le fichier, ou décochez « tout ou rien » et vérifiez à nouveau.
import-progress = { $count ->
    [0] Aucune ligne lue pour l’instant…
    [one] Une ligne lue…
   *[other] { $count } lignes lues…
}
import-running-hint = Vous pouvez quitter cette page et revenir : l’import continue.
import-back = Retour à l’unité
import-running-check = Vérification du fichier…
import-running-import = Import en cours…
import-format = Lu comme
import-nothing-to-import = Rien ne peut être importé en l’état : corrigez le fichier, ou changez les colonnes, et vérifiez à nouveau.
import-field-twice = Deux colonnes vont dans le même champ : choisissez-en une.
