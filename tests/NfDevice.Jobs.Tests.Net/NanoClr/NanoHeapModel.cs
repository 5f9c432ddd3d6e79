using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace NfDevice.Jobs.Tests.Net.NanoClr
{
    /// <summary>
    /// What an object graph of the core would occupy on nanoCLR's managed heap, computed on .NET by walking the
    /// same objects with reflection and pricing each the way nanoCLR lays it out (CLR_RT_HeapBlock is 12 bytes):
    /// <list type="bullet">
    /// <item>a class instance: one 12-byte block of header plus one block per instance field, whatever its type;</item>
    /// <item>an array: a 20-byte header plus its elements (1, 2, 4 or 8 bytes for primitives, a 12-byte block per
    /// reference), rounded up to whole blocks;</item>
    /// <item>a string made at run time: a block plus its UTF-8 bytes and NUL, rounded up (literals live in the
    /// assembly image, not on the heap);</item>
    /// <item>a boxed value: two blocks; a delegate: three; ArrayList, Queue and Hashtable: their nanoFramework
    /// (managed) layout for the number of entries they hold.</item>
    /// </list>
    /// The walk counts the core's objects (NfDevice.Jobs) and the arrays, strings and collections they hold, and
    /// stops at platform objects (fakes here, drivers on the device), which are not the core's to shrink.
    /// It is a model: allocator rounding beyond whole blocks and the heap's free-list headers are not counted.
    /// </summary>
    internal sealed class NanoHeapModel
    {
        private const int Block = 12;
        private const int ArrayHeader = 20;

        private readonly HashSet<object> seen = new HashSet<object>(ReferenceEqualityComparer.Instance);
        private readonly Dictionary<string, long> byKind = new Dictionary<string, long>(StringComparer.Ordinal);
        private readonly Assembly core = typeof(NfDevice.Jobs.Json.JsonWriter).Assembly;
        private readonly Stack<(object Value, string Owner)> pending = new Stack<(object, string)>();

        public long Total { get; private set; }

        /// <summary>Bytes per owner ("Type.field" that first reached the object, or the object's own type for core objects).</summary>
        public IReadOnlyDictionary<string, long> ByOwner => byKind;

        /// <summary>Adds an object graph (and nothing already counted).</summary>
        public void Add(object root, string owner)
        {
            pending.Push((root, owner));
            while (pending.Count > 0)
            {
                var (value, by) = pending.Pop();
                Visit(value, by);
            }
        }

        /// <summary>Adds the static fields of every type of the core (name tables, the transition table, shared scratch).</summary>
        public void AddCoreStatics()
        {
            foreach (Type type in core.GetTypes())
            {
                if (type.ContainsGenericParameters)
                {
                    continue;
                }

                RuntimeHelpers.RunClassConstructor(type.TypeHandle);
                foreach (FieldInfo field in type.GetFields(BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly))
                {
                    if (field.IsLiteral)
                    {
                        continue; // const: compiled into the code
                    }

                    object value = field.GetValue(null);
                    if (value != null && !(value is string))
                    {
                        Add(value, type.Name + "." + field.Name + " (static)");
                    }
                }
            }
        }

        /// <summary>The breakdown, largest first, as lines.</summary>
        public string Report()
        {
            var text = new StringBuilder();
            foreach (var pair in byKind.OrderByDescending(p => p.Value))
            {
                text.Append(pair.Value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture).PadLeft(8)).Append(" B  ").AppendLine(pair.Key);
            }

            return text.ToString();
        }

        private void Visit(object value, string owner)
        {
            if (value == null || value is Pointer || !seen.Add(value))
            {
                return;
            }

            Type type = value.GetType();
            if (value is string s)
            {
                if (string.IsInterned(s) == null)
                {
                    Count(owner, RoundUp(Block + Encoding.UTF8.GetByteCount(s) + 1));
                }

                return;
            }

            if (value is Array array)
            {
                Type element = type.GetElementType();
                Count(owner, RoundUp(ArrayHeader + ((long)array.Length * ElementSize(element))));
                if (!element.IsPrimitive && !element.IsEnum)
                {
                    foreach (object item in array)
                    {
                        pending.Push((item, owner));
                    }
                }

                return;
            }

            if (value is Delegate)
            {
                Count(owner, 3 * Block); // the target is the platform's or already counted
                return;
            }

            if (value is ArrayList list)
            {
                // nanoFramework: _items, _size; the items array grows by doubling from 4.
                Count(owner, (3 * Block) + RoundUp(ArrayHeader + (Block * (long)Math.Max(list.Capacity, 4))));
                PushAll(list, owner);
                return;
            }

            if (value is Queue queue)
            {
                // nanoFramework: _array, _head, _tail, _size; the array starts at 32 and doubles.
                Count(owner, (5 * Block) + RoundUp(ArrayHeader + (Block * (long)Math.Max(32, queue.Count))));
                PushAll(queue, owner);
                return;
            }

            if (value is Hashtable table)
            {
                // nanoFramework: a bucket array (starts at 4, grows past a 0.72 load) and an entry object (key, value, next) per pair.
                int buckets = 4;
                while (table.Count > buckets * 0.72)
                {
                    buckets = (buckets * 2) + 1;
                }

                Count(owner, (7 * Block) + RoundUp(ArrayHeader + (Block * (long)buckets)) + ((long)table.Count * 4 * Block));
                foreach (DictionaryEntry entry in table)
                {
                    pending.Push((entry.Key, owner));
                    pending.Push((entry.Value, owner));
                }

                return;
            }

            if (type.IsValueType)
            {
                Count(owner, 2 * Block); // boxed
                return;
            }

            if (type.Assembly != core)
            {
                if (type.Namespace == "System.Threading")
                {
                    Count(owner, 3 * Block); // AutoResetEvent, Thread, Timer: a managed shell over a native object
                }

                return; // a platform object: not the core's
            }

            List<FieldInfo> fields = InstanceFields(type);
            Count(type.Name, Block * (1L + fields.Count));
            foreach (FieldInfo field in fields)
            {
                object child = field.GetValue(value);
                if (child != null && !field.FieldType.IsPrimitive && !field.FieldType.IsEnum)
                {
                    pending.Push((child, type.Name + "." + field.Name));
                }
            }
        }

        private void PushAll(IEnumerable items, string owner)
        {
            foreach (object item in items)
            {
                pending.Push((item, owner));
            }
        }

        private void Count(string owner, long bytes)
        {
            Total += bytes;
            byKind[owner] = (byKind.TryGetValue(owner, out long b) ? b : 0) + bytes;
        }

        private static List<FieldInfo> InstanceFields(Type type)
        {
            var fields = new List<FieldInfo>();
            for (Type t = type; t != null && t != typeof(object); t = t.BaseType)
            {
                fields.AddRange(t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly));
            }

            return fields;
        }

        private static long ElementSize(Type element)
        {
            if (element.IsEnum)
            {
                element = Enum.GetUnderlyingType(element);
            }

            if (element == typeof(bool) || element == typeof(byte) || element == typeof(sbyte))
            {
                return 1;
            }

            if (element == typeof(char) || element == typeof(short) || element == typeof(ushort))
            {
                return 2;
            }

            if (element == typeof(int) || element == typeof(uint) || element == typeof(float))
            {
                return 4;
            }

            if (element == typeof(long) || element == typeof(ulong) || element == typeof(double))
            {
                return 8;
            }

            return Block; // a reference (or a struct held in a block)
        }

        private static long RoundUp(long bytes) => (bytes + Block - 1) / Block * Block;
    }
}
