import GRDB

/// The registry's schema (`workflow.md` §1, §6, §7), as GRDB migrations. Constraints make the
/// illegal states of workflow §1 impossible to store: one MDO per code, one open allocation
/// per generic ID, one pending nomination per MDO, states from their fixed lists.
enum Migrations {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: registry") { db in
            try db.execute(sql: """
                CREATE TABLE mdo (
                    code TEXT PRIMARY KEY NOT NULL,
                    name TEXT NOT NULL,
                    ministry TEXT,
                    state TEXT NOT NULL CHECK (state IN ('nominated', 'active', 'rejected')),
                    created TEXT NOT NULL
                );
                CREATE TABLE officer_of_record (
                    mdo TEXT NOT NULL REFERENCES mdo(code),
                    role TEXT NOT NULL CHECK (role IN ('nodal', 'admin')),
                    name TEXT NOT NULL, designation TEXT NOT NULL, email TEXT NOT NULL, mobile TEXT,
                    since TEXT NOT NULL,
                    PRIMARY KEY (mdo, role)
                );
                CREATE TABLE request (
                    number TEXT PRIMARY KEY NOT NULL,
                    type TEXT,
                    state TEXT NOT NULL CHECK (state IN ('pending', 'completed', 'rejected')),
                    mdo TEXT,
                    sender TEXT NOT NULL,
                    message_id TEXT,
                    received TEXT NOT NULL,
                    command TEXT,
                    note TEXT
                );
                CREATE UNIQUE INDEX one_pending_nomination ON request(mdo) WHERE type = 'nomination' AND state = 'pending';
                CREATE TABLE generic_id (
                    address TEXT PRIMARY KEY NOT NULL,
                    mdo TEXT NOT NULL REFERENCES mdo(code),
                    slot TEXT NOT NULL,
                    state TEXT NOT NULL CHECK (state IN ('requested', 'created', 'allocated', 'reset-pending', 'vacant', 'withdrawn')),
                    request TEXT REFERENCES request(number),
                    UNIQUE (mdo, slot)
                );
                CREATE TABLE allocation (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    generic_id TEXT NOT NULL REFERENCES generic_id(address),
                    name TEXT NOT NULL, designation TEXT NOT NULL, email TEXT NOT NULL, mobile TEXT,
                    agency TEXT, contract_end TEXT,
                    from_date TEXT NOT NULL,
                    to_date TEXT,
                    end_reason TEXT,
                    request TEXT REFERENCES request(number)
                );
                CREATE UNIQUE INDEX one_open_allocation ON allocation(generic_id) WHERE to_date IS NULL;
                CREATE TABLE reset_ticket (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    request TEXT NOT NULL REFERENCES request(number),
                    generic_id TEXT NOT NULL REFERENCES generic_id(address),
                    state TEXT NOT NULL CHECK (state IN ('open', 'done', 'superseded')),
                    not_before TEXT,
                    late_report INTEGER NOT NULL DEFAULT 0,
                    exposed_by_mail INTEGER NOT NULL DEFAULT 0,
                    opened TEXT NOT NULL,
                    closed TEXT,
                    closed_by TEXT
                );
                CREATE TABLE action_code (
                    hash TEXT PRIMARY KEY NOT NULL,
                    request TEXT NOT NULL REFERENCES request(number),
                    purpose TEXT NOT NULL,
                    created TEXT NOT NULL,
                    spent TEXT,
                    spent_by TEXT
                );
                CREATE TABLE letter (
                    id INTEGER PRIMARY KEY AUTOINCREMENT,
                    message_id TEXT NOT NULL UNIQUE,
                    template TEXT NOT NULL,
                    request TEXT REFERENCES request(number),
                    subject TEXT NOT NULL,
                    variables TEXT NOT NULL,
                    in_reply_to TEXT,
                    created TEXT NOT NULL
                );
                CREATE TABLE letter_recipient (
                    letter INTEGER NOT NULL REFERENCES letter(id),
                    address TEXT NOT NULL,
                    kind TEXT NOT NULL CHECK (kind IN ('to', 'cc')),
                    state TEXT NOT NULL CHECK (state IN ('queued', 'sent', 'failed', 'held', 'bounced')),
                    attempts INTEGER NOT NULL DEFAULT 0,
                    next_attempt TEXT,
                    last_reply TEXT,
                    PRIMARY KEY (letter, address)
                );
                CREATE TABLE processed_mail (
                    key TEXT PRIMARY KEY NOT NULL,
                    message_id TEXT,
                    sender TEXT NOT NULL,
                    content_hash TEXT NOT NULL,
                    file TEXT NOT NULL,
                    destination TEXT NOT NULL,
                    reason TEXT NOT NULL,
                    request TEXT,
                    processed TEXT NOT NULL
                );
                CREATE INDEX processed_by_file ON processed_mail(file);
                CREATE TABLE audit (
                    seq INTEGER PRIMARY KEY,
                    at TEXT NOT NULL,
                    actor TEXT NOT NULL,
                    command TEXT NOT NULL,
                    request TEXT,
                    message_id TEXT,
                    change TEXT NOT NULL,
                    previous TEXT NOT NULL,
                    hash TEXT NOT NULL
                );
                CREATE TABLE counter (
                    name TEXT PRIMARY KEY NOT NULL,
                    value INTEGER NOT NULL
                );
                """)
        }
        migrator.registerMigration("v2: indexes for the rules' lookups") { db in
            try db.execute(sql: """
                CREATE INDEX ticket_by_request ON reset_ticket(request, state);
                CREATE INDEX ticket_by_id ON reset_ticket(generic_id, state);
                CREATE INDEX allocation_by_holder ON allocation(email) WHERE to_date IS NULL;
                CREATE INDEX request_by_mdo ON request(mdo);
                CREATE INDEX recipient_by_state ON letter_recipient(state);
                CREATE INDEX action_code_by_request ON action_code(request);
                """)
        }
        migrator.registerMigration("v3: letter attachments") { db in
            try db.execute(sql: """
                CREATE TABLE letter_attachment (
                    letter INTEGER NOT NULL REFERENCES letter(id),
                    position INTEGER NOT NULL,
                    filename TEXT NOT NULL,
                    content_type TEXT NOT NULL,
                    content BLOB NOT NULL,
                    PRIMARY KEY (letter, position)
                );
                """)
        }
        // Replies counted per sender for [limits] replies_per_sender_per_hour and _per_day:
        // `answers` is the sender of the mail a letter replies to.
        migrator.registerMigration("v4: replies by sender") { db in
            try db.execute(sql: "ALTER TABLE letter ADD COLUMN answers TEXT")
            try db.execute(sql: "CREATE INDEX letter_by_answers ON letter(answers, created)")
        }
        // Each pass runs the time-driven work (workflow §9) over vacant IDs, open tickets and
        // pending requests: without these, each is a scan of a table that only grows (the
        // vacancy look-up scanned every allocation once per vacant ID).
        migrator.registerMigration("v5: indexes for the time-driven work") { db in
            try db.execute(sql: """
                CREATE INDEX allocation_by_id ON allocation(generic_id, to_date);
                CREATE INDEX ticket_open ON reset_ticket(id) WHERE state = 'open';
                CREATE INDEX request_pending ON request(received, number) WHERE state = 'pending';
                CREATE INDEX id_vacant ON generic_id(address) WHERE state = 'vacant';
                """)
        }
        // Only a reply to a sender (one letter of a mail's eight or nine) has `answers`, and only
        // those are counted: the others need no entry in the index that counts them.
        migrator.registerMigration("v6: replies index holds replies only") { db in
            try db.execute(sql: """
                DROP INDEX letter_by_answers;
                CREATE INDEX letter_by_answers ON letter(answers, created) WHERE answers IS NOT NULL;
                """)
        }
        // NIC's CREATED or REFUSED for each ID, when and by whom: a repeat of the line is
        // answered "already done on <date> by <address>" (requests.md §4), even while other IDs
        // of the request still wait and its action code is not yet spent.
        migrator.registerMigration("v7: creation answers") { db in
            try db.execute(sql: """
                ALTER TABLE generic_id ADD COLUMN answered TEXT;
                ALTER TABLE generic_id ADD COLUMN answered_by TEXT;
                """)
        }
        return migrator
    }
}
