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
import-field-join-date = Date d’adhésion

import-report-row = Ligne
import-report-column = Colonne
import-report-header = En-tête
import-report-value = Valeur
import-report-reason = Motif

import-already-member = Déjà membre de cette organisation.
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
import-encrypted = Le classeur est protégé par un mot de passe : retirez-le puis réessayez.
import-no-sheet = Le classeur n’a aucune feuille.
import-malformed = Ce n’est pas un fichier CSV ou .xlsx lisible par Mizan (un ancien .xls doit être enregistré en .xlsx).
