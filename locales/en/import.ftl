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
import-field-join-date = Date joined

import-report-row = Row
import-report-column = Column
import-report-header = Header
import-report-value = Value
import-report-reason = Reason

import-already-member = Already a member of this organization.
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
import-encrypted = The workbook is protected by a password: remove it and try again.
import-no-sheet = The workbook has no sheet.
import-malformed = This is not a CSV or .xlsx file Mizan can read (an old .xls must be saved as .xlsx).
