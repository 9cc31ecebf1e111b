## Imports of people from branches' files (CSV, .xlsx)

import-field-family-name = Family name
import-field-given-name = Given name
import-field-cin = CIN
import-field-phone = Phone
import-field-birth-date = Birth date
import-field-sex = Sex
import-field-email = E-mail
import-field-commune = Commune of residence
import-field-profession = Profession
import-field-education = Education
import-field-address = Address
import-field-notes = Notes
import-field-join-date = Date joined

import-report-row = Row
import-report-column = Column
import-report-header = Header
import-report-value = Value
import-report-reason = Reason

import-duplicate-in-file = The same person as row { $row } of the file.
import-commune-unknown = No commune or arrondissement of this name in your scope.
import-commune-ambiguous = Several communes have this name: write its code instead.
import-join-date-impossible = Impossible date of joining.

import-no-header = No header row was found in the first rows of the file (headers such as الاسم العائلي, Nom, CIN).
import-no-name-column = No column holds a family or given name.
import-no-place = The file does not say where people live: choose a commune column, or import at a branch.
import-branch-out-of-scope = This branch is outside your scope.
import-unknown-organization = Unknown organization.
import-file-unreadable = The file cannot be read.
import-file-too-large = The file is too large.
import-too-many-rows = The file has too many rows.
import-too-many-columns = A row of the file has too many columns.
import-cell-too-long = A cell of the file is too long.
import-zip-bomb = The workbook unpacks to an unreasonable size.
import-too-many-texts = The workbook holds too many different texts: save it as CSV, or split it into smaller files.
import-encrypted = The workbook is protected by a password: remove it and try again.
import-no-sheet = The workbook has no sheet.
import-malformed = This is not a CSV or .xlsx file Mizan can read (an old .xls must be saved as .xlsx).

## Import pages
import-title = Import people from a file
import-at-branch = The people of the file join the organization at this branch; they live in its commune unless a column says otherwise.
import-at-commune = The people of the file live here (unless a column says otherwise); importing them does not make them members.
import-file = File (CSV or Excel .xlsx)
import-file-hint = As the branch keeps it: the header may sit below a title, in Arabic or French; CSV in UTF-8 or Windows-1256, separated by commas, semicolons or tabs. Up to 64 MB.
import-organization = Organization they join
import-upload = Read the file
import-choose-file = Choose a file to import.
import-columns = Header row and columns
import-header-row = Row of the headers
import-samples = First values
import-field = Goes into
import-field-none = (not imported)
import-all-or-nothing = All or nothing: import nothing if any row is rejected
import-check = Check the file (nothing is written)
import-checked = What the import will do
import-done = Imported
import-nothing-landed = Nothing was imported: rows were rejected and "all or nothing" was chosen
import-read = Rows read
import-accepted = Accepted
import-matched = Already registered (matched)
import-already-members = Already members, unchanged
import-updated = Records updated from the file
import-updated-title = Records updated from the file
import-would-update-title = Records the file will update
import-updated-fields = Fields changed
import-on-existing = People already registered
import-on-existing-skip = Change nothing in their record
import-on-existing-fill = Fill the empty fields of their record
import-on-existing-update = Update the fields where the file differs
import-rejected = Rejected
import-skipped-blank = Blank rows skipped
import-report-download = Download the report of rejected rows (CSV for Excel)
import-confirm = Import
import-confirm-hint = { $count ->
    [0] Nobody will be imported.
    [one] One person will be imported.
   *[other] { $count } people will be imported.
}
import-all-or-nothing-blocks = With "all or nothing", nothing will be imported while rows are rejected: correct the file, or untick "all or nothing" and check again.
import-progress = { $count ->
    [0] No row read yet…
    [one] One row read…
   *[other] { $count } rows read…
}
import-running-hint = You can leave this page and come back: the import goes on.
import-back = Back to the unit
import-running-check = Checking the file…
import-running-import = Importing…
import-format = Read as
import-nothing-to-import = Nothing can be imported as the file stands: correct it, or change the columns, and check again.
import-field-twice = Two columns go into the same field: choose one of them.
