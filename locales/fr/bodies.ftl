# Bodies, mandates, meetings, the meeting rate.
territory-bodies = Instances
body-types-title = Types d'instances
body-types-hint = Chaque type a un rythme de réunions attendu et une règle de quorum ; les modifier change les chiffres aussitôt.
body-formed-on = Constituée le
body-meetings = Réunions
body-meetings-held = Réunions tenues
body-last-held = Dernière réunion
body-last-met = Dernière réunion : { $date }
body-never-met = Ne s'est pas encore réunie
body-no-meetings = Aucune réunion enregistrée.
body-members = Membres actuels
body-no-members = Cette instance n'a pas encore de membres : attribuez d'abord les sièges.
body-past-members = Anciens membres
body-mandates = Mandats dans les instances
body-expected-pace = Rythme attendu (réunions par an)
body-meetings-per-year = { $count ->
    [one] au moins une réunion par an
   *[other] au moins { $count } réunions par an
}
body-type-pace-range = Un nombre entier de 1 à 52.
body-type-share-format = Écrivez la part sous la forme 2/3.
mandate-give = Attribuer un siège
mandate-person = Personne
mandate-position = Siège
mandate-since = Depuis
mandate-period = Période
mandate-current = à ce jour
mandate-end = Mettre fin
mandate-ended-on = Date de fin
mandate-end-reason = Motif de fin
person-picker-hint = Tapez le nom en arabe ou en latin, les derniers chiffres du téléphone ou la CIN.
person-picker-choose = Choisissez la personne pour
person-picker-again = Nouvelle recherche
person-picker-new = Pas encore enregistrée ? L’ajouter au registre
person-choose = Choisissez la personne parmi celles trouvées.
person-not-found = Personne trouvée sous ce nom ou ce numéro dans votre périmètre.
mandate-not-a-member = N'est pas membre de l'organisation à cette date.
mandate-seat-taken = Ce siège est occupé par quelqu'un d'autre à cette date.
mandate-start-in-future = Un mandat ne peut commencer dans le futur.
meeting-title = Réunion
meeting-record = Enregistrer une réunion
meeting-status = État
meeting-status-scheduled = Programmée
meeting-status-held = Tenue
meeting-status-postponed = Reportée
meeting-status-cancelled = Annulée
meeting-date = Date
meeting-place = Lieu
meeting-theme = Thème national
meeting-agenda = Ordre du jour
meeting-minutes = Procès-verbal
meeting-guests = Invités
meeting-guests-hint = Un invité par ligne : nom — qualité.
meeting-attendance = Présences
meeting-attendance-hint = Pour chaque membre : présent, excusé ou absent. Une réunion n'est enregistrée comme tenue qu'avec ses présences.
meeting-present = Présents
meeting-quorum = Quorum
meeting-quorum-reached = atteint
meeting-quorum-missed = non atteint
meeting-quorum-required = { $count ->
    [one] un membre requis
   *[other] { $count } membres requis
}
meeting-recorded-by = Enregistrée par
meeting-postpone = Reporter
meeting-cancel = Annuler
meeting-held-in-future = Une réunion tenue ne peut être datée dans le futur.
meeting-before-body = Date antérieure à la constitution de l'instance.
meeting-no-members = L'instance doit avoir des membres dont on relève la présence : attribuez d'abord les sièges.
meeting-nobody-present = Aucun membre présent : la réunion ne peut être enregistrée comme tenue.
meeting-all-present = Tous présents, sauf ceux marqués autrement ci-dessous
meeting-presences-missing = Indiquez qui était là : cochez « Tous présents » puis les excusés et les absents, ou la présence de chaque membre.
meeting-presence-missing = Indiquez la présence de ce membre.
meeting-decisions = Décisions
meeting-no-decisions = Aucune décision enregistrée.
presence-present = Présent
presence-excused = Excusé
presence-absent = Absent
decision-text = Décision
decision-owner = Responsable
decision-due = Échéance
decision-standing = Suivi
decision-open = En cours
decision-done = Réalisée
decision-overdue = En retard
decision-add = Ajouter une décision
decision-mark-done = Marquer réalisée
decision-owner-not-member = Le responsable est un membre de l'instance convoqué à la réunion.
quorum-majority = Majorité (la moitié plus un)
quorum-share = au moins { $share } des membres
quorum-share-choice = Une part des membres
quorum-share-value = Part
rate-title = Taux de réunion des instances
rate-body-type = Type d'instance
rate-met = Réunies
rate-bodies = Instances
rate-on-pace = Au rythme attendu
rate-with-quorum = Avec quorum
rate-by-territory = Par territoire
rate-definition = Les instances de ce type dans ce territoire qui existaient pendant la période (constituées avant sa fin, non dissoutes avant son début) et ont tenu au moins une réunion pendant celle-ci, enregistrée comme tenue avec ses présences (au moins un membre présent). Une instance réunie deux fois compte une fois ; les réunions reportées, annulées ou seulement programmées ne comptent pas ; une réunion sans quorum compte comme tenue et la liste le signale.
rate-on-pace-definition = « Au rythme attendu » : au moins le nombre de réunions attendu de leur type sur la période :
rate-expected = { $count ->
    [one] une réunion
   *[other] { $count } réunions
}
rate-list-met = { $count ->
    [0] Aucune instance réunie
    [one] Une instance réunie
   *[other] { $count } instances réunies
}
rate-list-not-met = { $count ->
    [0] Toutes les instances se sont réunies
    [one] Une instance ne s'est pas réunie
   *[other] { $count } instances ne se sont pas réunies
}
rate-decisions = Suivi des décisions
rate-decisions-definition = Décisions des réunions de ces instances pendant la période, selon leur état aujourd'hui ; en retard : en cours et échéance dépassée.
figure-definition = Définition
figure-from = Du
figure-to = au
figure-show = Afficher
figure-period-reversed = La fin de la période précède son début.
field-unknown-choice = Choix inconnu.
nav-meetings = Réunions
rate-map = Carte du taux de réunion
meeting-minutes-files = Fichiers du procès-verbal
meeting-no-files = Aucun fichier joint.
meeting-minutes-upload = Joindre le procès-verbal (PDF ou image)
meeting-minutes-hint = PDF, PNG ou JPEG, 10 Mo au plus.
meeting-minutes-send = Joindre
meeting-file-kb = { $count } Ko
minutes-choose-file = Choisissez un fichier.
minutes-too-large = Le fichier dépasse 10 Mo.
minutes-type = Seuls un PDF ou une image PNG ou JPEG sont acceptés.
meeting-record-held = L'enregistrer comme tenue
meeting-held-on = Tenue le
meeting-postpone-or-cancel = Reporter ou annuler
meeting-new-date = Nouvelle date (pour reporter)
meeting-reason = Pourquoi (facultatif)
meeting-history = Historique
meeting-event-scheduled = Programmée
meeting-event-held = Tenue
meeting-event-postponed = Reportée
meeting-event-cancelled = Annulée
meeting-event-from = du
meeting-event-to = au
meeting-postponed-to-past = Choisissez un jour à partir d'aujourd'hui.
meeting-postponed-same-day = C'est déjà sa date.
meeting-planned-for = Elle était prévue le
body-type-code-format = Un code compte 2 à 40 lettres minuscules, chiffres ou _ (et commence par une lettre).
body-type-code-taken = Un type d’organe a déjà ce code.
body-type-no-seat = Donnez au moins un siège au type d’organe.
body-type-seat-twice = Deux sièges ont le même code.
body-type-retired-on = retiré depuis le { $date }
body-type-retire = Retirer ce type
body-type-retire-hint = Un type utilisé ne se supprime pas : ses instances et leur historique restent, aucune nouvelle unité n’en reçoit, les indicateurs ne le proposent plus.
body-type-restore = Rétablir ce type
body-type-new = Nouveau type d’instance
body-type-new-hint = Une instance de ce type est créée aussitôt dans chaque unité de son niveau.
body-type-name-en = Nom en anglais (facultatif)
body-type-code = Code (lettres latines minuscules, chiffres et _)
body-type-level = Niveau territorial
body-type-seats = Postes
body-type-seats-hint = Au moins un poste ; laissez vides les lignes en trop.
body-type-seat-ar = Poste { $n } en arabe
body-type-seat-fr = En caractères latins
body-type-single-seat = Poste unique (une personne à la fois)
body-type-create = Créer le type et ses instances
themes-title = Thèmes nationaux des réunions
themes-hint = Thèmes que les instances sont invitées à débattre ; on en choisit un en enregistrant la réunion.
theme-retired = retiré
theme-retire = Retirer
theme-restore = Rétablir
theme-add = Ajouter le thème
theme-name-taken = Un thème porte déjà ce nom.
meeting-guest-twice = Cette personne est déjà invitée à la réunion.
meeting-guest-person = Chercher un invité dans le registre
meeting-guest-quality = Qualité
meeting-guest-add = Ajouter l'invité
person-picker-born = né(e) en { $year }
person-picker-more = Plus de huit trouvés : ajoutez une autre partie du nom ou un numéro pour affiner.
mandate-sits-already = Cette personne siège déjà dans cette instance.
