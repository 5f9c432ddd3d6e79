using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;

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

    /// <summary>The AWS IoT registry: things, thing groups, certificates and their attachments. Thread-safe.</summary>
    public sealed class Registry
    {
        private static readonly Regex NamePattern = new Regex("^[a-zA-Z0-9:_-]{1,128}$", RegexOptions.CultureInvariant);
        private readonly object _gate = new object();
        private readonly string _file;
        private Dictionary<string, ThingRecord> _things = new Dictionary<string, ThingRecord>(StringComparer.Ordinal);
        private Dictionary<string, ThingGroupRecord> _groups = new Dictionary<string, ThingGroupRecord>(StringComparer.Ordinal);
        private Dictionary<string, CertificateRecord> _certificates = new Dictionary<string, CertificateRecord>(StringComparer.Ordinal);
        private bool _dirty;

        /// <summary>Creates a registry persisted in <paramref name="directory"/>/registry.json (null = memory only).</summary>
        public Registry(string directory)
        {
            _file = directory == null ? null : Path.Combine(directory, "registry.json");
            if (_file != null && File.Exists(_file))
            {
                var state = JsonSerializer.Deserialize<State>(File.ReadAllText(_file));
                _things = state.Things.ToDictionary(t => t.Name, StringComparer.Ordinal);
                _groups = state.Groups.ToDictionary(g => g.Name, StringComparer.Ordinal);
                _certificates = state.Certificates.ToDictionary(c => c.Id, StringComparer.Ordinal);
            }
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
                _dirty = true;
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
                _dirty = true;
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
                _dirty = true;
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
                _dirty |= added;
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
                _dirty |= removed;
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
                _dirty = true;
                return rec;
            }
        }

        /// <summary>A certificate by id (null when unknown).</summary>
        public CertificateRecord FindCertificate(string id)
        {
            lock (_gate) { return id != null && _certificates.TryGetValue(id, out var c) ? c : null; }
        }

        /// <summary>Sets ACTIVE/INACTIVE; false when unknown.</summary>
        public bool SetCertificateStatus(string id, string status)
        {
            lock (_gate)
            {
                if (!_certificates.TryGetValue(id, out var c)) return false;
                c.Status = status;
                _dirty = true;
                return true;
            }
        }

        /// <summary>Attaches a certificate to a thing (AttachThingPrincipal).</summary>
        public void Attach(string thing, string certificateId)
        {
            lock (_gate)
            {
                _things[thing].Certificates.Add(certificateId);
                _dirty = true;
            }
        }

        /// <summary>The things a certificate is attached to.</summary>
        public IReadOnlyList<string> ThingsOfCertificate(string certificateId)
        {
            lock (_gate)
            {
                return _things.Values.Where(t => t.Certificates.Contains(certificateId)).Select(t => t.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            }
        }

        /// <summary>Writes registry.json if anything changed (atomic replace).</summary>
        public void Flush()
        {
            if (_file == null) return;
            string json;
            lock (_gate)
            {
                if (!_dirty) return;
                json = JsonSerializer.Serialize(new State { Things = _things.Values.ToList(), Groups = _groups.Values.ToList(), Certificates = _certificates.Values.ToList() });
                _dirty = false;
            }
            Directory.CreateDirectory(Path.GetDirectoryName(_file));
            string tmp = _file + ".tmp";
            File.WriteAllText(tmp, json);
            File.Move(tmp, _file, true);
        }

        private sealed class State
        {
            public List<ThingRecord> Things { get; set; } = new List<ThingRecord>();
            public List<ThingGroupRecord> Groups { get; set; } = new List<ThingGroupRecord>();
            public List<CertificateRecord> Certificates { get; set; } = new List<CertificateRecord>();
        }
    }
}
