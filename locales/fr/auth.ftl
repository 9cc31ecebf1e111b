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

second-factor-title = Code de connexion
second-factor-code = Le code à 6 chiffres de votre application d'authentification
second-factor-hint = Chaque code de secours sert une fois. Activez ensuite la connexion en deux étapes sur votre nouveau téléphone.
second-factor-submit = Se connecter
second-factor-refused = Ce code est faux, ou a déjà servi. Saisissez le code que l'application affiche maintenant.
second-factor-start-over = Recommencer
two-factor-title = Connexion en deux étapes
two-factor-why = Après le mot de passe, un code d'une application sur votre téléphone : qui apprend votre mot de passe ne peut toujours pas se connecter.
two-factor-required = Votre rôle donne accès au dossier de chaque adhérent : activez la connexion en deux étapes avant de continuer.
two-factor-step-app = Installez une application d'authentification sur votre téléphone (FreeOTP, Aegis, Google Authenticator, Microsoft Authenticator…).
two-factor-step-scan = Dans l'application, ajoutez un compte en scannant ce code, ou ouvrez-le sur ce téléphone :
two-factor-open-app = Ouvrir dans l'application d'authentification
two-factor-step-type = Ou saisissez cette clé :
two-factor-step-confirm = Saisissez le code à 6 chiffres affiché par l'application, pour confirmer.
two-factor-first-code = Code affiché par l'application
two-factor-turn-on = Activer
two-factor-code-wrong = Ce code est faux ou expiré. Saisissez le code affiché maintenant (vérifiez l'heure du téléphone).
two-factor-codes-intro = La connexion en deux étapes est activée. Voici vos codes de secours : chacun permet de vous connecter une fois sans votre téléphone.
two-factor-codes-once = Notez-les ou imprimez-les maintenant et gardez-les loin de votre téléphone : ils ne seront plus affichés.
two-factor-continue = Continuer
two-factor-on = La connexion en deux étapes est activée.
two-factor-since = depuis le
two-factor-codes-left = { $count ->
    [0] Plus aucun code de secours : créez-en de nouveaux.
    [one] Il reste un code de secours.
   *[other] Il reste { $count } codes de secours.
}
two-factor-current-code = Un code de l'application (ou un code de secours, pour désactiver)
two-factor-new-codes = Nouveaux codes de secours
two-factor-turn-off = Désactiver
two-factor-off-hint = Nouveau téléphone ? Désactivez, puis activez à nouveau sur le nouveau.
two-factor-off-required = Nouveau téléphone ? Désactivez, puis activez aussitôt sur le nouveau : votre rôle l'exige.
tokens-title = Jetons d'accès
tokens-intro = Pour un script ou un tableur qui lit l'API en votre nom, avec vos rôles. Chaque jeton n'est affiché qu'une fois ; révoquez celui qui ne sert plus.
tokens-none = Aucun jeton.
tokens-created = créé le
tokens-expires = expire le
tokens-last-used = dernier usage le
tokens-revoke = Révoquer
tokens-label = À quoi il sert
tokens-valid-for = Valable
tokens-days = { $count ->
    [one] un jour
   *[other] { $count } jours
}
tokens-create = Créer un jeton
tokens-made = Jeton créé
tokens-shown-once = Copiez-le maintenant : il ne sera plus affiché. Qui le détient agit en votre nom ; gardez-le comme un mot de passe.
tokens-how = Envoyez-le dans l'en-tête de chaque requête : Authorization: Bearer <jeton>. L'API est décrite dans /api/openapi.json.
second-factor-lost-phone = Téléphone perdu ?
second-factor-recovery-code = Un de vos codes de secours
two-factor-codes-download = Les enregistrer dans un fichier
two-factor-codes-file-title = Mizan : codes de secours de la connexion en deux étapes (chacun sert une fois)
