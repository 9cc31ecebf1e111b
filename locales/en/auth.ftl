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

second-factor-title = Sign-in code
second-factor-code = The 6-digit code of your authenticator app
second-factor-hint = Each recovery code works once. Then set up two-factor sign-in again on your new phone.
second-factor-submit = Sign in
second-factor-refused = This code is wrong, or was used already. Type the code your app shows now.
second-factor-start-over = Start over
two-factor-title = Two-factor sign-in
two-factor-why = After your password, a code from an app on your phone: someone who learns your password still cannot sign in.
two-factor-required = Your role gives access to every member's file: set up two-factor sign-in before going on.
two-factor-step-app = Install an authenticator app on your phone (FreeOTP, Aegis, Google Authenticator, Microsoft Authenticator…).
two-factor-step-scan = In the app, add an account by scanning this code, or open it on this phone:
two-factor-open-app = Open in the authenticator app
two-factor-step-type = Or type this key:
two-factor-step-confirm = Type the 6-digit code the app shows, to confirm.
two-factor-first-code = Code shown by the app
two-factor-turn-on = Turn on
two-factor-code-wrong = This code is wrong or expired. Type the code the app shows now (check the phone's time).
two-factor-codes-intro = Two-factor sign-in is on. Here are your recovery codes: each lets you sign in once without your phone.
two-factor-codes-once = Write them down or print them now and keep them apart from your phone: they will not be shown again.
two-factor-continue = Continue
two-factor-on = Two-factor sign-in is on.
two-factor-since = since
two-factor-codes-left = { $count ->
    [0] No recovery code left: make new ones.
    [one] One recovery code left.
   *[other] { $count } recovery codes left.
}
two-factor-current-code = A code from the app (or a recovery code, to turn it off)
two-factor-new-codes = New recovery codes
two-factor-turn-off = Turn off
two-factor-off-hint = New phone? Turn it off, then set it up again on the new one.
two-factor-off-required = New phone? Turn it off, then set it up on the new one at once: your role requires it.
tokens-title = Access tokens
tokens-intro = For a script or a spreadsheet that reads the API in your name, with your roles. Each token is shown once; revoke one you no longer use.
tokens-none = No token.
tokens-created = made
tokens-expires = expires
tokens-last-used = last used
tokens-revoke = Revoke
tokens-label = What it is for
tokens-valid-for = Valid for
tokens-days = { $count ->
    [one] one day
   *[other] { $count } days
}
tokens-create = Make a token
tokens-made = Token made
tokens-shown-once = Copy it now: it will not be shown again. Whoever holds it acts in your name; keep it like a password.
tokens-how = Send it in each request's header: Authorization: Bearer <token>. The API is described at /api/openapi.json.
second-factor-lost-phone = Lost your phone?
second-factor-recovery-code = One of your recovery codes
two-factor-codes-download = Save them as a file
two-factor-codes-file-title = Mizan: two-factor sign-in recovery codes (each works once)
