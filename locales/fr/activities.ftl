# Volunteer activities.
nav-activities = Activités
activities-title = Activités bénévoles
activities-list = Activités
activities-count = Activités
activities-beneficiaries = Bénéficiaires comptés
activities-coverage = Pour 100 000 habitants
activities-per-100k = { $count } pour 100 000 habitants
activities-rural-share = Part des communes rurales
activities-verification-rate = Taux de vérification
activities-definition = Activités : réalisées ou vérifiées, dont le premier jour tombe dans la période (les programmées et les rejetées ne comptent pas). Bénéficiaires comptés : femmes, hommes et enfants comptés à ces activités ; jeunes, personnes âgées et personnes en situation de handicap sont « dont » et ne s'y ajoutent pas. Ce sont des contacts comptés : une personne touchée deux fois compte deux fois. Couverture : bénéficiaires pour 100 000 habitants (recensement 2024). Taux de vérification : activités vérifiées parmi les activités comptées.
activities-by-category = Par catégorie
activities-by-type = Par type
activities-by-month = Par mois
activities-map = Carte de la couverture pour 100 000 habitants
activities-map-legend = Bénéficiaires pour 100 000 habitants :
activity-record = Enregistrer une activité
activity-type = Type d'activité
activity-title = Titre
activity-status = État
activity-status-planned = Programmée
activity-status-done = Réalisée
activity-status-verified = Vérifiée
activity-status-rejected = Rejetée
activity-counted = Bénéficiaires comptés
activity-counted-hint = Femmes, hommes et enfants font le total ; jeunes, personnes âgées et personnes en situation de handicap sont « dont ».
activity-description = Description
activity-verify = Vérifier l'activité
activity-reject = Rejeter
activity-reject-reason = Motif du rejet
activity-done-in-future = Une activité réalisée ne peut être datée dans le futur.
activity-count-range = Un nombre entier de 0 à un million.
activity-no-beneficiaries = Indiquez les bénéficiaires (femmes, hommes ou enfants).
activity-of-whom-above-total = Ce nombre ne peut dépasser le total des bénéficiaires.
activity-registered = Bénéficiaires enregistrés
activity-registered-hint = Des personnes identifiées du registre, avec leur consentement ; comptées une fois quel que soit le nombre d'activités, jamais ajoutées aux bénéficiaires comptés.
activity-consent-method = Recueil du consentement
activity-consent-given = La personne accepte d'être enregistrée comme bénéficiaire
activity-consent-needed = Personne n'est enregistré sans son consentement.
activity-register = Enregistrer le bénéficiaire
activities-registered = Personnes enregistrées (distinctes)
activities-progress = Progression vers la cible
activities-target-activities = { $count ->
    [one] d'une cible d'une activité
   *[other] d'une cible de { $count } activités
}
activities-target-beneficiaries = { $count ->
    [one] d'une cible d'un bénéficiaire
   *[other] d'une cible de { $count } bénéficiaires
}
activities-ranked = Couverture la plus haute et la plus basse
activities-top = Les plus hautes (pour 100 000 habitants)
activities-bottom = Les plus basses (pour 100 000 habitants)
activity-correct = Corriger l'activité
activity-correct-hint = Une activité prévue qui a eu lieu devient réalisée avec ses effectifs ; un effectif mal saisi est corrigé. Une activité rejetée puis corrigée repart en vérification. Une activité vérifiée ne se modifie plus.
activity-delete = Supprimer l'activité
activity-delete-hint = Seulement pour une activité saisie par erreur : elle quitte aussitôt les chiffres. La suppression reste dans le journal d'audit.
activity-partners = Organisations partenaires
activity-partners-hint = Une par ligne, ou séparées par des virgules.
activity-too-many-partners = Au plus 20 partenaires.
activity-volunteers = Bénévoles
activity-volunteers-hint = Des personnes du fichier qui ont donné de leur temps à cette activité (pas ses bénéficiaires) : le numéro de leur fiche.
activity-add-volunteer = Ajouter le bénévole
activities-volunteers = Bénévoles (personnes distinctes)
activity-photos = Photos (preuves)
activity-photo = Photo
activity-photo-add = Ajouter une photo
activity-photo-hint = JPEG, PNG ou WebP, jusqu’à 15 Mo. Elle est réduite et conservée sans ses métadonnées : le lieu et l’heure que le téléphone y a écrits sont retirés. 12 photos au plus.
activity-photo-send = Envoyer la photo
activity-photo-remove = Retirer
photo-choose-file = Choisissez une photo.
photo-too-large = La photo dépasse 15 Mo.
photo-type = Seule une photo JPEG, PNG ou WebP est acceptée.
photo-pixels = L’image est trop grande pour être lue (12 000 pixels de côté au plus).
photo-damaged = La photo est endommagée et ne peut être lue.
photo-too-many = Cette activité a déjà 12 photos : retirez-en une d’abord.
