using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using NfDevice.Cloud.Store;

namespace NfDevice.Cloud.Iot
{
    /// <summary>A thing in the registry.</summary>
    public sealed class ThingRecord
    {
        /// <summary>Thing name.</summary>
        public string Name { get; set; }
        /// <summary>Thing id (a GUID, as AWS issues).</summary>
        public string Id { get; set; }
        /// <summary>Registry version, from 1.</summary>
        public long Version { get; set; } = 1;
        /// <summary>Attributes.</summary>
        public Dictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();
        /// <summary>Names of groups the thing belongs to.</summary>
        public HashSet<string> Groups { get; set; } = new HashSet<string>();
        /// <summary>Attached certificate ids.</summary>
        public HashSet<string> Certificates { get; set; } = new HashSet<string>();
        /// <summary>The ARN.</summary>
        public string Arn => Arns.Thing(Name);
    }

    /// <summary>A static thing group.</summary>
    public sealed class ThingGroupRecord
    {
        /// <summary>Group name.</summary>
        public string Name { get; set; }
        /// <summary>Group id.</summary>
        public string Id { get; set; }
        /// <summary>Creation time, epoch seconds.</summary>
        public long CreatedAt { get; set; }
        /// <summary>Member thing names.</summary>
        public HashSet<string> Things { get; set; } = new HashSet<string>();
        /// <summary>The ARN.</summary>
        public string Arn => Arns.ThingGroup(Name);
    }

    /// <summary>A device certificate known to AWS IoT.</summary>
    public sealed class CertificateRecord
    {
        /// <summary>Certificate id (hex SHA-256 of the DER).</summary>
        public string Id { get; set; }
        /// <summary>PEM text.</summary>
        public string Pem { get; set; }
        /// <summary>ACTIVE or INACTIVE.</summary>
        public string Status { get; set; }
        /// <summary>The ARN.</summary>
        public string Arn => Arns.Certificate(Id);
    }

    /// <summary>
    /// The AWS IoT registry: things, thing groups, certificates and their attachments. Thread-safe. Every change is
    /// written to the state database (when there is one) before the method returns: one row per thing, group,
    /// certificate and group membership, so provisioning N things writes O(N) rows in total.
    /// </summary>
    public sealed class Registry
    {
        private const string ThingKind = "iot-thing", GroupKind = "iot-thing-group", MemberKind = "iot-thing-group-member", CertificateKind = "iot-certificate";
        private static readonly Regex NamePattern = new Regex("^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        private readonly object _gate = new object();
        private readonly StateDatabase _db;
        private readonly Dictionary<string, ThingRecord> _things = new Dictionary<string, ThingRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, ThingGroupRecord> _groups = new Dictionary<string, ThingGroupRecord>(StringComparer.Ordinal);
        private readonly Dictionary<string, CertificateRecord> _certificates = new Dictionary<string, CertificateRecord>(StringComparer.Ordinal);
        // certificate id -> things it is attached to: the broker's lookup at every CONNECT, O(1).
        private readonly Dictionary<string, SortedSet<string>> _thingsByCertificate = new Dictionary<string, SortedSet<string>>(StringComparer.Ordinal);

        /// <summary>
        /// Creates a registry kept in <paramref name="db"/> (null = memory only). A registry.json left by an older
        /// emulator in <paramref name="legacyDirectory"/> is imported once, when the database has no registry yet.
        /// </summary>
        public Registry(StateDatabase db = null, string legacyDirectory = null)
        {
            _db = db;
            if (db == null) return;
            foreach (ThingRow row in db.LoadAll<ThingRow>(ThingKind))
            {
                var thing = new ThingRecord { Name = row.Name, Id = row.Id, Version = row.Version, Attributes = row.Attributes ?? new Dictionary<string, string>(), Certificates = row.Certificates ?? new HashSet<string>() };
                _things.Add(thing.Name, thing);
                foreach (string c in thing.Certificates) IndexAttachment(c, thing.Name);
            }
            foreach (ThingGroupRecord g in db.LoadAll<ThingGroupRecord>(GroupKind))
            {
                g.Things.Clear();  // members come from their own rows
                _groups.Add(g.Name, g);
            }
            foreach (StoredRow m in db.Load(MemberKind))
            {
                int slash = m.Key.IndexOf('/');
                string group = m.Key.Substring(0, slash), thing = m.Key.Substring(slash + 1);
                if (_groups.TryGetValue(group, out var g) && _things.TryGetValue(thing, out var t)) { g.Things.Add(thing); t.Groups.Add(group); }
            }
            foreach (CertificateRecord c in db.LoadAll<CertificateRecord>(CertificateKind)) _certificates.Add(c.Id, c);
            if (_things.Count == 0 && _groups.Count == 0 && _certificates.Count == 0 && legacyDirectory != null) ImportLegacy(Path.Combine(legacyDirectory, "registry.json"));
        }

        /// <summary>True when <paramref name="name"/> is a valid thing or thing group name ([a-zA-Z0-9:_-]{1,128}).</summary>
        public static bool IsValidName(string name) => name != null && NamePattern.IsMatch(name);

        /// <summary>Creates a thing; returns false if it exists already (the existing record is returned).</summary>
        public bool TryCreateThing(string name, IDictionary<string, string> attributes, out ThingRecord thing)
        {
            lock (_gate)
            {
                if (_things.TryGetValue(name, out thing)) return false;
                thing = new ThingRecord { Name = name, Id = Guid.NewGuid().ToString() };
                if (attributes != null) foreach (var kv in attributes) thing.Attributes[kv.Key] = kv.Value;
                _things.Add(name, thing);
                SaveThing(thing);
                return true;
            }
        }

        /// <summary>Deletes a thing; false when unknown.</summary>
        public bool DeleteThing(string name)
        {
            lock (_gate)
            {
                if (!_things.Remove(name, out var thing)) return false;
                foreach (string g in thing.Groups) if (_groups.TryGetValue(g, out var group)) group.Things.Remove(name);
                foreach (string c in thing.Certificates) if (_thingsByCertificate.TryGetValue(c, out var set)) set.Remove(name);
                _db?.Write(b =>
                {
                    b.Delete(ThingKind, name);
                    foreach (string g in thing.Groups) b.Delete(MemberKind, g + "/" + name);
                });
                return true;
            }
        }

        /// <summary>A copy-safe lookup of a thing (null when unknown).</summary>
        public ThingRecord FindThing(string name)
        {
            lock (_gate) { return name != null && _things.TryGetValue(name, out var t) ? t : null; }
        }

        /// <summary>All things, ordered by name.</summary>
        public IReadOnlyList<ThingRecord> ListThings()
        {
            lock (_gate) { return _things.Values.OrderBy(t => t.Name, StringComparer.Ordinal).ToList(); }
        }

        /// <summary>Creates a thing group; false when it exists.</summary>
        public bool TryCreateGroup(string name, long now, out ThingGroupRecord group)
        {
            lock (_gate)
            {
                if (_groups.TryGetValue(name, out group)) return false;
                group = new ThingGroupRecord { Name = name, Id = Guid.NewGuid().ToString(), CreatedAt = now };
                _groups.Add(name, group);
                _db?.Put(GroupKind, name, new ThingGroupRecord { Name = group.Name, Id = group.Id, CreatedAt = group.CreatedAt });
                return true;
            }
        }

        /// <summary>A thing group (null when unknown).</summary>
        public ThingGroupRecord FindGroup(string name)
        {
            lock (_gate) { return name != null && _groups.TryGetValue(name, out var g) ? g : null; }
        }

        /// <summary>All groups by name.</summary>
        public IReadOnlyList<ThingGroupRecord> ListGroups()
        {
            lock (_gate) { return _groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal).ToList(); }
        }

        /// <summary>Members of a group (empty when unknown).</summary>
        public IReadOnlyList<string> GroupMembers(string group)
        {
            lock (_gate) { return _groups.TryGetValue(group, out var g) ? g.Things.OrderBy(t => t, StringComparer.Ordinal).ToList() : new List<string>(); }
        }

        /// <summary>Adds a thing to a group; returns false if it was a member already.</summary>
        public bool AddToGroup(string thing, string group)
        {
            lock (_gate)
            {
                var t = _things[thing];
                var g = _groups[group];
                bool added = g.Things.Add(thing);
                t.Groups.Add(group);
                if (added) _db?.Put(MemberKind, group + "/" + thing, "{}");
                return added;
            }
        }

        /// <summary>Removes a thing from a group; returns false if it was not a member.</summary>
        public bool RemoveFromGroup(string thing, string group)
        {
            lock (_gate)
            {
                bool removed = _groups.TryGetValue(group, out var g) && g.Things.Remove(thing);
                if (_things.TryGetValue(thing, out var t)) t.Groups.Remove(group);
                if (removed) _db?.Delete(MemberKind, group + "/" + thing);
                return removed;
            }
        }

        /// <summary>Registers a certificate (PEM) with its status.</summary>
        public CertificateRecord AddCertificate(string id, string pem, bool active)
        {
            lock (_gate)
            {
                var rec = new CertificateRecord { Id = id, Pem = pem, Status = active ? "ACTIVE" : "INACTIVE" };
                _certificates[id] = rec;
                _db?.Put(CertificateKind, id, rec);
                return rec;
            }
        }

        /// <summary>A certificate by id (null when unknown).</summary>
        public CertificateRecord FindCertificate(string id)
        {
            lock (_gate) { return id != null && _certificates.TryGetValue(id, out var c) ? c : null; }
        }

        /// <summary>Sets ACTIVE/INACTIVE; false when unknown. Durable when it returns (a device refused after a restart stays refused).</summary>
        public bool SetCertificateStatus(string id, string status)
        {
            lock (_gate)
            {
                if (!_certificates.TryGetValue(id, out var c)) return false;
                c.Status = status;
                _db?.Put(CertificateKind, id, c);
                return true;
            }
        }

        /// <summary>Attaches a certificate to a thing (AttachThingPrincipal).</summary>
        public void Attach(string thing, string certificateId)
        {
            lock (_gate)
            {
                ThingRecord t = _things[thing];
                if (!t.Certificates.Add(certificateId)) return;
                IndexAttachment(certificateId, thing);
                SaveThing(t);
            }
        }

        /// <summary>The things a certificate is attached to, by name (an index lookup, not a scan).</summary>
        public IReadOnlyList<string> ThingsOfCertificate(string certificateId)
        {
            lock (_gate)
            {
                return certificateId != null && _thingsByCertificate.TryGetValue(certificateId, out var set) ? set.ToList() : new List<string>();
            }
        }

        private void IndexAttachment(string certificateId, string thing)
        {
            if (!_thingsByCertificate.TryGetValue(certificateId, out var set)) _thingsByCertificate[certificateId] = set = new SortedSet<string>(StringComparer.Ordinal);
            set.Add(thing);
        }

        private void SaveThing(ThingRecord t) =>
            _db?.Put(ThingKind, t.Name, new ThingRow { Name = t.Name, Id = t.Id, Version = t.Version, Attributes = t.Attributes, Certificates = t.Certificates });

        // The registry.json of emulators before the state database: read once, written as rows, renamed so it is not read again.
        private void ImportLegacy(string file)
        {
            if (!File.Exists(file)) return;
            var state = JsonSerializer.Deserialize<LegacyState>(File.ReadAllText(file));
            _db.Write(b =>
            {
                foreach (ThingRecord t in state.Things)
                {
                    _things[t.Name] = t;
                    foreach (string c in t.Certificates) IndexAttachment(c, t.Name);
                    b.Put(ThingKind, t.Name, new ThingRow { Name = t.Name, Id = t.Id, Version = t.Version, Attributes = t.Attributes, Certificates = t.Certificates });
                }
                foreach (ThingGroupRecord g in state.Groups)
                {
                    _groups[g.Name] = g;
                    b.Put(GroupKind, g.Name, new ThingGroupRecord { Name = g.Name, Id = g.Id, CreatedAt = g.CreatedAt });
                    foreach (string member in g.Things) b.Put(MemberKind, g.Name + "/" + member, "{}");
                }
                foreach (CertificateRecord c in state.Certificates)
                {
                    _certificates[c.Id] = c;
                    b.Put(CertificateKind, c.Id, c);
                }
            });
            File.Move(file, file + ".imported", true);
        }

        // A thing's row: group membership has rows of its own, so a group of 10,000 things is not one growing row.
        private sealed class ThingRow
        {
            public string Name { get; set; }
            public string Id { get; set; }
            public long Version { get; set; }
            public Dictionary<string, string> Attributes { get; set; }
            public HashSet<string> Certificates { get; set; }
        }

        private sealed class LegacyState
        {
            public List<ThingRecord> Things { get; set; } = new List<ThingRecord>();
            public List<ThingGroupRecord> Groups { get; set; } = new List<ThingGroupRecord>();
            public List<CertificateRecord> Certificates { get; set; } = new List<CertificateRecord>();
        }
    }
}
