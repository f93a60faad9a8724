#ifndef C_AGENDA_SQLITE_H
#define C_AGENDA_SQLITE_H

/// The bytes of column `column` of the row `statement` (an `sqlite3_stmt *`) stands on, without a copy: valid until
/// the statement steps, is reset or is finalized. NULL with `*length` 0 for NULL or an empty value. Declared with
/// `void *` so that this header does not include sqlite3.h a second time beside GRDB's module.
const void *agenda_column_blob(void *statement, int column, int *length);

#endif
