import Foundation
import GRDB

/// The GRDB side: a `DatabasePool` (SQLite in WAL mode, `synchronous = OFF` on every connection),
/// the key-value records in `kv (k BLOB PRIMARY KEY, v BLOB) WITHOUT ROWID`, the users in
/// `user (id INTEGER PRIMARY KEY, name, email, age)`. "Common" is what GRDB's documentation shows
/// first; "fastest" the quickest way GRDB offers (prepared statements reused, blobs read in place).
enum GRDBSide {
    static func open(_ path: String) throws -> DatabasePool {
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = OFF") }
        let pool = try DatabasePool(path: path, configuration: configuration)
        try pool.write { db in
            try db.execute(sql: "CREATE TABLE IF NOT EXISTS kv (k BLOB PRIMARY KEY NOT NULL, v BLOB NOT NULL) WITHOUT ROWID")
            try db.execute(sql: """
                CREATE TABLE IF NOT EXISTS user (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT NOT NULL, age INTEGER NOT NULL)
                """)
        }
        return pool
    }

    /// The bulk load: one transaction, one prepared INSERT reused.
    static func load(_ pool: DatabasePool, _ workload: Workload) throws {
        try pool.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO kv (k, v) VALUES (?, ?)")
            for i in 0 ..< workload.records {
                insert.setUncheckedArguments([workload.keyData[i], workload.valueData[i]])
                try insert.execute()
            }
        }
    }

    /// The bulk load the common way: `db.execute(sql:arguments:)` per record, one transaction.
    static func loadBySQL(_ pool: DatabasePool, _ workload: Workload) throws {
        try pool.write { db in
            for i in 0 ..< workload.records {
                try db.execute(sql: "INSERT INTO kv (k, v) VALUES (?, ?)", arguments: [workload.keyData[i], workload.valueData[i]])
            }
        }
    }

    /// The Codable insert: `user.insert(db)` per user, one transaction.
    static func loadUsers(_ pool: DatabasePool, _ users: [User]) throws {
        try pool.write { db in for user in users { try user.insert(db) } }
    }

    /// The users inserted through one prepared statement, the columns bound by hand.
    static func loadUsersByColumn(_ pool: DatabasePool, _ users: [User]) throws {
        try pool.write { db in
            let insert = try db.makeStatement(sql: "INSERT INTO user (id, name, email, age) VALUES (?, ?, ?, ?)")
            for user in users {
                insert.setUncheckedArguments([user.id, user.name, user.email, user.age])
                try insert.execute()
            }
        }
    }

    /// The full ordered scan, the common way: a row cursor, blobs read as `Data` by subscript.
    static func scan(_ pool: DatabasePool) throws -> Int {
        try pool.read { db in
            var total = 0
            let rows = try Row.fetchCursor(db, sql: "SELECT k, v FROM kv ORDER BY k")
            while let row = try rows.next() {
                let key: Data = row[0]
                let value: Data = row[1]
                total &+= key.count &+ value.count &+ Int(key[key.startIndex])
            }
            return total
        }
    }

    /// The full ordered scan, the fastest way: the blobs read in place (`withUnsafeData`).
    static func scanInPlace(_ pool: DatabasePool) throws -> Int {
        try pool.read { db in
            var total = 0
            let rows = try Row.fetchCursor(db.makeStatement(sql: "SELECT k, v FROM kv ORDER BY k"))
            while let row = try rows.next() {
                total &+= try row.withUnsafeData(atIndex: 0) { key in
                    try row.withUnsafeData(atIndex: 1) { value in
                        key!.count &+ value!.count &+ Int(key![key!.startIndex])
                    }
                }
            }
            return total
        }
    }

    /// Random gets, the common way: `Data.fetchOne` with the SQL each time.
    static func gets(_ pool: DatabasePool, _ workload: Workload) throws -> Int {
        try pool.read { db in
            var total = 0
            for i in workload.getOrder {
                total &+= try Data.fetchOne(db, sql: "SELECT v FROM kv WHERE k = ?", arguments: [workload.keyData[i]])!.count
            }
            return total
        }
    }

    /// Random gets, the fastest way: one prepared statement reused, the blob read in place.
    static func preparedGets(_ pool: DatabasePool, _ workload: Workload) throws -> Int {
        try pool.read { db in
            var total = 0
            let select = try db.makeStatement(sql: "SELECT v FROM kv WHERE k = ?")
            for i in workload.getOrder {
                select.setUncheckedArguments([workload.keyData[i]])
                let rows = try Row.fetchCursor(select)
                total &+= try rows.next()!.withUnsafeData(atIndex: 0) { $0!.count }
            }
            return total
        }
    }

    /// The Codable scan of the users: `FetchableRecord` through `Decodable`.
    static func codableScan(_ pool: DatabasePool) throws -> Int {
        try pool.read { db in
            var total = 0
            let users = try User.fetchCursor(db, sql: "SELECT id, name, email, age FROM user ORDER BY id")
            while let user = try users.next() { total &+= user.age &+ user.email.utf8.count }
            return total
        }
    }

    /// The users scanned through `init(row:)`, the columns read by index.
    static func columnScan(_ pool: DatabasePool) throws -> Int {
        try pool.read { db in
            var total = 0
            let users = try UserByColumn.fetchCursor(db.makeStatement(sql: "SELECT id, name, email, age FROM user ORDER BY id"))
            while let user = try users.next() { total &+= user.age &+ user.email.utf8.count }
            return total
        }
    }

    /// Random user gets, the common way: `User.fetchOne(db, key:)` (Codable).
    static func codableGets(_ pool: DatabasePool, _ workload: Workload) throws -> Int {
        try pool.read { db in
            var total = 0
            for id in workload.userGetOrder {
                let user = try User.fetchOne(db, key: id)!
                total &+= user.age &+ user.email.utf8.count
            }
            return total
        }
    }

    /// Random user gets, the fastest way: a prepared statement reused, `init(row:)` by column.
    static func columnGets(_ pool: DatabasePool, _ workload: Workload) throws -> Int {
        try pool.read { db in
            var total = 0
            let select = try db.makeStatement(sql: "SELECT id, name, email, age FROM user WHERE id = ?")
            for id in workload.userGetOrder {
                let user = try UserByColumn.fetchOne(select, arguments: [id])!
                total &+= user.age &+ user.email.utf8.count
            }
            return total
        }
    }
}
