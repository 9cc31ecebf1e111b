login-title = Connexion
login-username = Nom d’utilisateur
login-password = Mot de passe
login-submit = Se connecter
login-required = Cette page demande de se connecter.
login-refused = Nom d’utilisateur ou mot de passe incorrect.
login-throttled = Trop de tentatives. Attendez un quart d’heure avant de réessayer.
account-title = Mon compte
account-display-name = Nom
account-roles = Mes rôles
password-change-title = Changer de mot de passe
password-must-change = Le mot de passe reçu ne sert qu’une fois : choisissez le vôtre pour continuer.
password-changed = Mot de passe changé.
password-current = Mot de passe actuel
password-new = Nouveau mot de passe
password-rule = { $count ->
    [one] Au moins { $count } caractère.
   *[other] Au moins { $count } caractères ; une phrase facile à retenir est idéale.
}
password-confirm = Nouveau mot de passe, encore
password-submit = Changer le mot de passe
password-current-wrong = Le mot de passe actuel est incorrect.
password-too-short = Mot de passe trop court (12 caractères au moins).
password-too-obvious = Choisissez un mot de passe différent de l’ancien et sans votre nom d’utilisateur.
password-mismatch = Les deux saisies ne correspondent pas.
