# Branch renewal.
renewal-title = Renouvellement des sections
renewal-no-campaign = Aucune campagne de renouvellement.
renewal-open = Ouvrir une campagne
renewal-code = Code de la campagne
renewal-code-format = Lettres latines, chiffres, _ ou - seulement.
renewal-code-taken = Ce code est déjà pris par une autre campagne.
renewal-scope = Périmètre (code de l'unité, MA pour le pays)
renewal-unknown-scope = Unité territoriale inconnue.
renewal-min-paid = Minimum de membres à jour de cotisation pour tenir l'assemblée générale
renewal-min-paid-range = Un nombre entier de 0 à 10 000.
renewal-min-paid-needed = { $count ->
    [0] pas de minimum
    [one] un membre requis
   *[other] { $count } membres requis
}
renewal-definition = Les sections de la campagne dans ce territoire, par étape. Taux de renouvellement : sections dont le renouvellement est validé par la province, parmi les sections non fusionnées. En retard : renouvellement inachevé après la fin de la campagne, ou assemblée convoquée dont la date est passée sans qu'elle soit enregistrée. Nouvelles sections : créées pendant la campagne ; communes nouvellement couvertes : sans section auparavant.
renewal-validated-of = { $count ->
    [0] aucune section validée
    [one] une section validée
   *[other] { $count } sections validées
}
renewal-all = Toutes les sections
renewal-urban = Communes urbaines
renewal-rural = Communes rurales
renewal-rate = Taux de renouvellement
renewal-overdue = En retard
renewal-new = nouvelle
renewal-new-branches = Nouvelles sections
renewal-new-communes = Communes nouvellement couvertes
renewal-branches = Sections
renewal-stage = Étape
renewal-stage-due = À convoquer
renewal-stage-convened = Assemblée convoquée
renewal-stage-held = Assemblée tenue
renewal-stage-elected = Bureau élu
renewal-stage-validated = Validé par la province
renewal-stage-lapsed = Caduque
renewal-stage-merged = Fusionnée
renewal-show-overdue = en retard
renewal-show-new = nouvelles
renewal-show-urban = urbaines
renewal-show-rural = rurales
renewal-assembly = Date de l'assemblée générale
renewal-convene = Convoquer l'assemblée générale
renewal-convene-hint = La convocation est réputée envoyée aux membres à jour de cotisation.
renewal-hold = Enregistrer l'assemblée générale
renewal-held-on = Tenue le
renewal-present-members = Membres présents (à jour de cotisation)
renewal-paid-members = Membres à jour de cotisation
renewal-elect = Élire le bureau
renewal-elected-on = Élu le
renewal-secretary = Secrétaire
renewal-treasurer = Trésorier
renewal-bureau-members = Autres membres du bureau
renewal-validate = Valider le renouvellement
renewal-close = Déclarer caduque ou fusionner
renewal-merged-into = Fusionnée dans la section (code)
renewal-lapse = Caduque
renewal-merge = Fusionner
renewal-before-campaign = Date antérieure au début de la campagne.
renewal-date-in-future = Un événement ne peut être daté dans le futur.
renewal-not-enough-paid-members = Moins de membres à jour de cotisation que le minimum pour tenir l'assemblée.
renewal-not-eligible = Cette personne n'est pas membre à jour de cotisation de la section.
renewal-no-quorum = Quorum non atteint : le bureau ne peut être élu ; convoquez une nouvelle assemblée.
renewal-elected-not-present = Seuls les présents à l'assemblée peuvent être élus.
renewal-one-seat-each = Une même personne ne peut occuper deux sièges.
renewal-no-bureau = Cette section n'a pas de bureau dans la configuration des instances.
renewal-unknown-branch = Section inconnue dans cette campagne.
nav-renewal = Renouvellement
renewal-map = Carte du taux de renouvellement
