// A fixed-argument wrapper over SQLite's variadic sqlite3_config, which Swift cannot call.
#ifndef IDDESK_SQLITE_SHIM_H
#define IDDESK_SQLITE_SHIM_H

/// Turns off SQLite's memory statistics (SQLITE_CONFIG_MEMSTATUS, 0): with them on, every
/// allocation and free inside SQLite takes a process-wide mutex. Only has effect before the
/// library is initialised (before the first connection opens); returns SQLite's result code
/// (SQLITE_MISUSE, 21, when it is too late).
int iddesk_sqlite_memstatus_off(void);

#endif
