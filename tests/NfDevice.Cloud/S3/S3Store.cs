using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.S3
{
    /// <summary>One stored object version.</summary>
    public sealed class S3Object
    {
        /// <summary>Bucket name.</summary>
        public string Bucket { get; init; }
        /// <summary>Object key (decoded).</summary>
        public string Key { get; init; }
        /// <summary>Version id; "null" for objects written while versioning was not enabled (as S3 reports them).</summary>
        public string VersionId { get; init; }
        /// <summary>The bytes.</summary>
        public byte[] Data { get; init; }
        /// <summary>Quoted ETag: MD5 hex for single PUTs, "md5-of-md5s-N" for multipart uploads.</summary>
        public string ETag { get; init; }
        /// <summary>Content-Type given at upload (S3's default is binary/octet-stream).</summary>
        public string ContentType { get; init; }
        /// <summary>Upload time (second precision, as S3 reports Last-Modified).</summary>
        public DateTimeOffset LastModified { get; init; }
        /// <summary>User metadata (x-amz-meta-*), lowercase names without the prefix.</summary>
        public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
        /// <summary>Length in bytes.</summary>
        public long Size => Data.LongLength;
    }

    /// <summary>
    /// In-memory S3: buckets, optional versioning, objects. Thread-safe (one lock; the emulator's load is small).
    /// Methods return null / false for what does not exist; the HTTP layer turns that into S3's errors.
    /// </summary>
    public sealed class S3Store
    {
        private sealed class Bucket
        {
            public string Name;
            public DateTimeOffset Created;
            public string Versioning; // null (never enabled), "Enabled", "Suspended"
            public readonly SortedDictionary<string, List<S3Object>> Objects = new SortedDictionary<string, List<S3Object>>(StringComparer.Ordinal);
        }

        private const string BucketKind = "s3-bucket", ObjectKind = "s3-object";
        private readonly object _gate = new object();
        private readonly Dictionary<string, Bucket> _buckets = new Dictionary<string, Bucket>(StringComparer.Ordinal);
        private readonly Func<DateTimeOffset> _utcNow;
        private readonly StateDatabase _db;
        private long _sequence;  // upload order, so the versions of a key load back in the order they were written

        /// <summary>
        /// Creates a store, empty or loaded from <paramref name="db"/> (which then receives every change before the
        /// method returns); <paramref name="utcNow"/> defaults to the system clock.
        /// </summary>
        public S3Store(Func<DateTimeOffset> utcNow = null, StateDatabase db = null)
        {
            _utcNow = utcNow ?? (() => DateTimeOffset.UtcNow);
            _db = db;
            if (db == null) return;
            foreach (BucketRow row in db.LoadAll<BucketRow>(BucketKind))
                _buckets[row.Name] = new Bucket { Name = row.Name, Created = row.Created, Versioning = row.Versioning };
            var objects = new List<(ObjectRow Row, byte[] Data)>();
            foreach (StoredRow stored in db.Load(ObjectKind)) objects.Add((System.Text.Json.JsonSerializer.Deserialize<ObjectRow>(stored.Body), stored.Data ?? Array.Empty<byte>()));
            foreach (var (row, data) in objects.OrderBy(o => o.Row.Sequence))
            {
                if (!_buckets.TryGetValue(row.Bucket, out Bucket b)) continue;
                _sequence = Math.Max(_sequence, row.Sequence);
                var obj = new S3Object
                {
                    Bucket = row.Bucket, Key = row.Key, VersionId = row.VersionId, Data = data, ETag = row.ETag, ContentType = row.ContentType,
                    LastModified = row.LastModified, Metadata = row.Metadata ?? new Dictionary<string, string>(),
                };
                if (!b.Objects.TryGetValue(row.Key, out List<S3Object> versions)) b.Objects[row.Key] = versions = new List<S3Object>();
                versions.Add(obj);
            }
        }

        private sealed class BucketRow
        {
            public string Name { get; set; }
            public DateTimeOffset Created { get; set; }
            public string Versioning { get; set; }
        }

        // The object's bytes go in the row's data column, the rest here.
        private sealed class ObjectRow
        {
            public string Bucket { get; set; }
            public string Key { get; set; }
            public string VersionId { get; set; }
            public string ETag { get; set; }
            public string ContentType { get; set; }
            public DateTimeOffset LastModified { get; set; }
            public IReadOnlyDictionary<string, string> Metadata { get; set; }
            public long Sequence { get; set; }
        }

        // Bucket names have no '/' and S3 version ids none either; the key (which may) sits between them.
        private static string ObjectRowKey(string bucket, string key, string versionId) => bucket + "/" + versionId + "/" + key;

        private void SaveBucket(Bucket b) => _db?.Put(BucketKind, b.Name, new BucketRow { Name = b.Name, Created = b.Created, Versioning = b.Versioning });

        /// <summary>Creates a bucket; false if it already exists.</summary>
        public bool CreateBucket(string bucket)
        {
            lock (_gate)
            {
                if (_buckets.ContainsKey(bucket)) return false;
                _buckets[bucket] = new Bucket { Name = bucket, Created = Truncate(_utcNow()) };
                SaveBucket(_buckets[bucket]);
                return true;
            }
        }

        /// <summary>True when the bucket exists.</summary>
        public bool BucketExists(string bucket) { lock (_gate) return _buckets.ContainsKey(bucket); }

        /// <summary>Bucket names with creation dates, sorted.</summary>
        public IReadOnlyList<(string Name, DateTimeOffset Created)> ListBuckets()
        {
            lock (_gate) return _buckets.Values.OrderBy(b => b.Name, StringComparer.Ordinal).Select(b => (b.Name, b.Created)).ToList();
        }

        /// <summary>Deletes an empty bucket: null if missing, false if not empty.</summary>
        public bool? DeleteBucket(string bucket)
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b)) return null;
                if (b.Objects.Count > 0) return false;
                _db?.Delete(BucketKind, bucket);
                return _buckets.Remove(bucket);
            }
        }

        /// <summary>Sets versioning to "Enabled" or "Suspended"; false if the bucket is missing.</summary>
        public bool SetVersioning(string bucket, string status)
        {
            if (status != "Enabled" && status != "Suspended") throw new ArgumentException("Enabled or Suspended", nameof(status));
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b)) return false;
                b.Versioning = status;
                SaveBucket(b);
                return true;
            }
        }

        /// <summary>Versioning status: null when never enabled (or bucket missing), "Enabled" or "Suspended".</summary>
        public string GetVersioning(string bucket) { lock (_gate) return _buckets.TryGetValue(bucket, out Bucket b) ? b.Versioning : null; }

        /// <summary>
        /// Stores an object. With versioning enabled a new version id is created; otherwise the "null" version is
        /// replaced. Returns null if the bucket does not exist.
        /// </summary>
        public S3Object PutObject(string bucket, string key, byte[] data, string contentType = null, IReadOnlyDictionary<string, string> metadata = null, string etag = null)
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b)) return null;
                bool versioned = b.Versioning == "Enabled";
                var obj = new S3Object
                {
                    Bucket = bucket,
                    Key = key,
                    VersionId = versioned ? NewVersionId() : "null",
                    Data = data,
                    ETag = etag ?? "\"" + Convert.ToHexStringLower(MD5.HashData(data)) + "\"",
                    ContentType = contentType ?? "binary/octet-stream",
                    LastModified = Truncate(_utcNow()),
                    Metadata = metadata ?? new Dictionary<string, string>(),
                };
                if (!b.Objects.TryGetValue(key, out List<S3Object> versions)) b.Objects[key] = versions = new List<S3Object>();
                if (!versioned) versions.RemoveAll(v => v.VersionId == "null");
                versions.Add(obj);
                // The "null" version's row is replaced in place (same row key), as the list entry is above.
                _db?.Put(ObjectKind, ObjectRowKey(bucket, key, obj.VersionId), new ObjectRow
                {
                    Bucket = bucket, Key = key, VersionId = obj.VersionId, ETag = obj.ETag, ContentType = obj.ContentType,
                    LastModified = obj.LastModified, Metadata = obj.Metadata, Sequence = ++_sequence,
                }, data);
                return obj;
            }
        }

        /// <summary>The latest version, or the given version; null if bucket, key or version is missing.</summary>
        public S3Object GetObject(string bucket, string key, string versionId = null)
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b) || !b.Objects.TryGetValue(key, out List<S3Object> versions) || versions.Count == 0) return null;
                return versionId == null ? versions[versions.Count - 1] : versions.LastOrDefault(v => v.VersionId == versionId);
            }
        }

        /// <summary>Deletes the latest (or a given) version; false if nothing was deleted.</summary>
        public bool DeleteObject(string bucket, string key, string versionId = null)
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b) || !b.Objects.TryGetValue(key, out List<S3Object> versions)) return false;
                int i = versionId == null ? versions.Count - 1 : versions.FindLastIndex(v => v.VersionId == versionId);
                if (i < 0) return false;
                _db?.Delete(ObjectKind, ObjectRowKey(bucket, key, versions[i].VersionId));
                versions.RemoveAt(i);
                if (versions.Count == 0) b.Objects.Remove(key);
                return true;
            }
        }

        /// <summary>Latest versions of keys starting with <paramref name="prefix"/>, by key; null if the bucket is missing.</summary>
        public IReadOnlyList<S3Object> ListObjects(string bucket, string prefix = "")
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b)) return null;
                return b.Objects.Where(kv => kv.Key.StartsWith(prefix ?? "", StringComparison.Ordinal) && kv.Value.Count > 0)
                    .Select(kv => kv.Value[kv.Value.Count - 1]).ToList();
            }
        }

        /// <summary>All versions of keys starting with <paramref name="prefix"/>: by key, newest first; null if the bucket is missing.</summary>
        public IReadOnlyList<S3Object> ListObjectVersions(string bucket, string prefix = "")
        {
            lock (_gate)
            {
                if (!_buckets.TryGetValue(bucket, out Bucket b)) return null;
                return b.Objects.Where(kv => kv.Key.StartsWith(prefix ?? "", StringComparison.Ordinal))
                    .SelectMany(kv => Enumerable.Reverse(kv.Value)).ToList();
            }
        }

        /// <summary>True when <paramref name="obj"/> is the current version of its key.</summary>
        public bool IsLatest(S3Object obj) => ReferenceEquals(GetObject(obj.Bucket, obj.Key), obj);

        private static DateTimeOffset Truncate(DateTimeOffset t) => new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

        // S3 version ids are 32 URL-safe characters.
        private static string NewVersionId()
        {
            const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._";
            char[] c = new char[32];
            for (int i = 0; i < c.Length; i++) c[i] = alphabet[RandomNumberGenerator.GetInt32(alphabet.Length)];
            return new string(c);
        }

        /// <summary>ISO 8601 with milliseconds, as S3 lists LastModified.</summary>
        public static string IsoTime(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
    }
}
