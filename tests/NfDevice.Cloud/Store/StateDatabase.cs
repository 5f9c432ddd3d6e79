using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace NfDevice.Cloud.Store
{
    /// <summary>One stored row: its key, its JSON body and an optional binary payload (S3 object bytes).</summary>
    public sealed record StoredRow(string Key, string Body, byte[] Data);

    /// <summary>
    /// The emulator's state in one SQLite file (<c>state.db</c> in the data directory), as rows of
    /// (kind, key, JSON body, optional bytes). Each service keeps its model in memory and writes the rows it changed
    /// here, in one transaction, before it answers; a new kind of entity is a new <c>kind</c> string, no schema change.
    /// Thread-safe: one connection, one lock (SQLite serializes writers anyway).
    /// </summary>
    /// <remarks>
    /// WAL with synchronous=NORMAL: a committed transaction is in the WAL file (the OS page cache) when
    /// <see cref="Write"/> returns, so it survives the process being killed (kill -9); only a power loss or OS crash
    /// can take the last transactions back, which the emulator accepts for its speed on a loaded machine.
    /// </remarks>
    public sealed class StateDatabase : IDisposable
    {
        /// <summary>The file name inside the data directory.</summary>
        public const string FileName = "state.db";

        private static readonly JsonSerializerOptions Json = new JsonSerializerOptions();
        private readonly object _gate = new object();
        private readonly SqliteConnection _connection;
        private readonly SqliteCommand _upsert;
        private readonly SqliteCommand _delete;
        private bool _disposed;

        private StateDatabase(string path)
        {
            Path = path;
            _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
            _connection.Open();
            Execute("PRAGMA journal_mode=WAL;");
            Execute("PRAGMA synchronous=NORMAL;");
            Execute("PRAGMA busy_timeout=10000;");
            Execute("CREATE TABLE IF NOT EXISTS rows (kind TEXT NOT NULL, key TEXT NOT NULL, body TEXT NOT NULL, data BLOB, PRIMARY KEY (kind, key)) WITHOUT ROWID;");
            _upsert = _connection.CreateCommand();
            _upsert.CommandText = "INSERT INTO rows (kind, key, body, data) VALUES ($kind, $key, $body, $data) ON CONFLICT (kind, key) DO UPDATE SET body = excluded.body, data = excluded.data;";
            _upsert.Parameters.Add("$kind", SqliteType.Text);
            _upsert.Parameters.Add("$key", SqliteType.Text);
            _upsert.Parameters.Add("$body", SqliteType.Text);
            _upsert.Parameters.Add("$data", SqliteType.Blob);
            _delete = _connection.CreateCommand();
            _delete.CommandText = "DELETE FROM rows WHERE kind = $kind AND key = $key;";
            _delete.Parameters.Add("$kind", SqliteType.Text);
            _delete.Parameters.Add("$key", SqliteType.Text);
        }

        /// <summary>The database file.</summary>
        public string Path { get; }

        /// <summary>Opens (creating if needed) <c>state.db</c> in <paramref name="directory"/>; null directory = no database (in memory).</summary>
        public static StateDatabase Open(string directory)
        {
            if (directory == null) return null;
            Directory.CreateDirectory(directory);
            return new StateDatabase(System.IO.Path.Combine(directory, FileName));
        }

        /// <summary>Every row of <paramref name="kind"/>, in key order.</summary>
        public IReadOnlyList<StoredRow> Load(string kind)
        {
            lock (_gate)
            {
                using SqliteCommand select = _connection.CreateCommand();
                select.CommandText = "SELECT key, body, data FROM rows WHERE kind = $kind ORDER BY key;";
                select.Parameters.AddWithValue("$kind", kind);
                var rows = new List<StoredRow>();
                using SqliteDataReader reader = select.ExecuteReader();
                while (reader.Read()) rows.Add(new StoredRow(reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : (byte[])reader.GetValue(2)));
                return rows;
            }
        }

        /// <summary>Every row of <paramref name="kind"/>, deserialized.</summary>
        public IReadOnlyList<T> LoadAll<T>(string kind)
        {
            var result = new List<T>();
            foreach (StoredRow row in Load(kind)) result.Add(JsonSerializer.Deserialize<T>(row.Body, Json));
            return result;
        }

        /// <summary>Number of rows of <paramref name="kind"/>.</summary>
        public long Count(string kind)
        {
            lock (_gate)
            {
                using SqliteCommand count = _connection.CreateCommand();
                count.CommandText = "SELECT COUNT(*) FROM rows WHERE kind = $kind;";
                count.Parameters.AddWithValue("$kind", kind);
                return (long)count.ExecuteScalar();
            }
        }

        /// <summary>Rows inserted, updated or deleted through this database since it was opened (SQLite's total_changes()).</summary>
        public long TotalChanges()
        {
            lock (_gate)
            {
                using SqliteCommand c = _connection.CreateCommand();
                c.CommandText = "SELECT total_changes();";
                return (long)c.ExecuteScalar();
            }
        }

        /// <summary>Runs <paramref name="write"/> in one transaction: all of its puts and deletes are durable together, or none is.</summary>
        public void Write(Action<Batch> write)
        {
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                using SqliteTransaction tx = _connection.BeginTransaction();
                _upsert.Transaction = tx;
                _delete.Transaction = tx;
                write(new Batch(this));
                tx.Commit();
            }
        }

        /// <summary>Writes one row (its own transaction).</summary>
        public void Put(string kind, string key, object body, byte[] data = null) => Write(b => b.Put(kind, key, body, data));

        /// <summary>Deletes one row (its own transaction).</summary>
        public void Delete(string kind, string key) => Write(b => b.Delete(kind, key));

        /// <summary>The puts and deletes of one transaction.</summary>
        public readonly struct Batch
        {
            private readonly StateDatabase _db;
            internal Batch(StateDatabase db) { _db = db; }

            /// <summary>Inserts or replaces a row; <paramref name="body"/> is serialized to JSON (a string is stored as is).</summary>
            public void Put(string kind, string key, object body, byte[] data = null)
            {
                SqliteCommand c = _db._upsert;
                c.Parameters["$kind"].Value = kind;
                c.Parameters["$key"].Value = key;
                c.Parameters["$body"].Value = body as string ?? JsonSerializer.Serialize(body, body.GetType(), Json);
                c.Parameters["$data"].Value = (object)data ?? DBNull.Value;
                c.ExecuteNonQuery();
            }

            /// <summary>Deletes a row (nothing when missing).</summary>
            public void Delete(string kind, string key)
            {
                SqliteCommand c = _db._delete;
                c.Parameters["$kind"].Value = kind;
                c.Parameters["$key"].Value = key;
                c.ExecuteNonQuery();
            }
        }

        private void Execute(string sql)
        {
            using SqliteCommand c = _connection.CreateCommand();
            c.CommandText = sql;
            c.ExecuteNonQuery();
        }

        /// <inheritdoc/>
        public void Dispose()
        {
            lock (_gate)
            {
                if (_disposed) return;
                _disposed = true;
                _upsert.Dispose();
                _delete.Dispose();
                _connection.Dispose();
            }
        }
    }
}
