login-title = Sign in
login-username = User name
login-password = Password
login-submit = Sign in
login-required = This page needs you to sign in.
login-refused = Wrong user name or password.
login-throttled = Too many attempts. Wait a quarter of an hour, then try again.
account-title = My account
account-display-name = Name
account-roles = My roles
password-change-title = Change password
password-must-change = The password you were given works once: choose your own to continue.
password-changed = Password changed.
password-current = Current password
password-new = New password
password-rule = { $count ->
    [one] At least { $count } character.
   *[other] At least { $count } characters; a sentence you can remember works best.
}
password-confirm = New password, again
password-submit = Change password
password-current-wrong = The current password is wrong.
password-too-short = The password is too short (at least 12 characters).
password-too-obvious = Choose a password unlike the old one and without your user name.
password-mismatch = The two entries differ.
