#ifndef C_AGENDA_SQLITE_H
#define C_AGENDA_SQLITE_H

/// The bytes of column `column` of the row `statement` (an `sqlite3_stmt *`) stands on, without a copy: valid until
/// the statement steps, is reset or is finalized. NULL with `*length` 0 for NULL or an empty value. Declared with
/// `void *` so that this header does not include sqlite3.h a second time beside GRDB's module.
const void *agenda_column_blob(void *statement, int column, int *length);

/// Binding and running a statement without GRDB's `StatementArguments` (`Statement.run(_:)` in AgendaStore): text
/// is copied by SQLite (SQLITE_TRANSIENT), so the caller's bytes need only last the call. Each returns
/// SQLite's result code.
int agenda_bind_text(void *statement, int index, const char *text, int length);
int agenda_bind_int64(void *statement, int index, long long value);
int agenda_bind_null(void *statement, int index);
int agenda_parameter_count(void *statement);

/// Steps `statement` to its end. Returns the last step's result code (SQLITE_DONE when it ran), with the extended
/// code of a failure in `*extended` (SQLITE_OK otherwise).
int agenda_run(void *statement, int *extended);

/// Resets `statement` and clears its bindings.
void agenda_reset(void *statement);

/// The message of the last failure on `statement`'s connection.
const char *agenda_error_message(void *statement);

#endif
