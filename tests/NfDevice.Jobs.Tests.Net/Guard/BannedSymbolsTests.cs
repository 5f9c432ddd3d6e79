using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// Keeps the generated part of src/NfDevice.Jobs.Net/BannedSymbols.txt (members of common .NET types that the
    /// allowlist lacks) in step with nanoframework-allowlist.txt, so the analyzer never bans what the guard allows.
    /// After the allowlist changes, regenerate it with
    ///     NFDEVICE_SYNC_BANNED=1 dotnet test tests/NfDevice.Jobs.Tests.Net --filter "FullyQualifiedName~BannedSymbols"
    /// </summary>
    [TestClass]
    public sealed class BannedSymbolsTests
    {
        private const string GeneratedMarker = "// ---- generated: members of common types that nanoFramework 1.x lacks ----";
        private const string Reason = ";not in nanoFramework 1.x (src/NfDevice.Jobs.Net/nanoframework-allowlist.txt)";

        private static readonly Type[] CommonTypes =
        {
            typeof(string), typeof(System.Text.StringBuilder), typeof(System.Text.Encoding), typeof(System.Text.UTF8Encoding),
            typeof(Convert), typeof(Math), typeof(Array), typeof(Buffer), typeof(BitConverter), typeof(DateTime), typeof(TimeSpan),
            typeof(System.Threading.WaitHandle), typeof(System.Threading.AutoResetEvent), typeof(System.Threading.ManualResetEvent),
            typeof(System.Threading.Monitor), typeof(System.Threading.Interlocked), typeof(System.Threading.Thread), typeof(System.Threading.Timer),
            typeof(System.Collections.ArrayList), typeof(System.Collections.Hashtable), typeof(System.Collections.Queue), typeof(System.Collections.Stack),
            typeof(int), typeof(long), typeof(uint), typeof(ulong), typeof(byte), typeof(char), typeof(bool), typeof(short), typeof(ushort),
            typeof(double), typeof(object), typeof(Exception), typeof(System.Diagnostics.Debug),
        };

        private static readonly Dictionary<Type, string> Keywords = new Dictionary<Type, string>
        {
            [typeof(void)] = "void", [typeof(bool)] = "bool", [typeof(char)] = "char", [typeof(sbyte)] = "sbyte", [typeof(byte)] = "byte",
            [typeof(short)] = "short", [typeof(ushort)] = "ushort", [typeof(int)] = "int", [typeof(uint)] = "uint", [typeof(long)] = "long",
            [typeof(ulong)] = "ulong", [typeof(float)] = "float", [typeof(double)] = "double", [typeof(string)] = "string",
            [typeof(object)] = "object", [typeof(IntPtr)] = "nint", [typeof(UIntPtr)] = "nuint",
        };

        private static string BannedPath => RepoFiles.Combine("src", "NfDevice.Jobs.Net", "BannedSymbols.txt");

        [TestMethod]
        public void GeneratedBans_AreExactlyTheCommonMembersTheAllowlistLacks()
        {
            var expected = Generate(NanoApiAllowlist.Load());
            var lines = File.ReadAllLines(BannedPath).ToList();
            int marker = lines.IndexOf(GeneratedMarker);
            Assert.IsTrue(marker >= 0, "BannedSymbols.txt lacks the line " + GeneratedMarker);
            if (Environment.GetEnvironmentVariable("NFDEVICE_SYNC_BANNED") == "1")
            {
                File.WriteAllLines(BannedPath, lines.Take(marker + 1).Concat(expected));
                lines = File.ReadAllLines(BannedPath).ToList();
            }

            var actual = lines.Skip(marker + 1).Where(l => l.Trim().Length > 0).ToList();
            var extra = actual.Except(expected, StringComparer.Ordinal).ToList();
            var missing = expected.Except(actual, StringComparer.Ordinal).ToList();
            Assert.AreEqual(0, extra.Count + missing.Count,
                "BannedSymbols.txt is out of step with the allowlist (regenerate with NFDEVICE_SYNC_BANNED=1):" + Environment.NewLine +
                string.Join(Environment.NewLine, extra.Select(l => "banned but allowed or gone: " + l).Concat(missing.Select(l => "not banned: " + l))));
        }

        [TestMethod]
        public void HandWrittenBans_NeverBanAnAllowlistedMember()
        {
            var list = NanoApiAllowlist.Load();
            Assert.IsTrue(list.Members.Contains("System.String::Substring(int,int) : string"));
            var bans = new HashSet<string>(File.ReadAllLines(BannedPath).Select(l => l.Split(';')[0].Trim()), StringComparer.Ordinal);
            Assert.IsFalse(bans.Contains("M:System.String.Substring(System.Int32,System.Int32)"));
            Assert.IsFalse(bans.Contains("M:System.Threading.WaitHandle.WaitOne(System.Int32,System.Boolean)"));
            Assert.IsFalse(bans.Contains("M:System.Text.Encoding.GetString(System.Byte[],System.Int32,System.Int32)"));
            Assert.IsTrue(bans.Contains("M:System.Text.Encoding.GetString(System.Byte[])"));
            Assert.IsTrue(bans.Contains("M:System.Threading.WaitHandle.WaitOne(System.Int32)"));
            Assert.IsTrue(bans.Contains("M:System.String.IsNullOrWhiteSpace(System.String)"));
        }

        private static List<string> Generate(NanoApiAllowlist list)
        {
            var allowed = new HashSet<string>(list.Members, StringComparer.Ordinal);
            foreach (var pair in list.Equivalents)
            {
                allowed.Add(pair.Key);
            }

            // `lock` may compile to it, source may not call it: the hand-written part bans it with its own reason.
            allowed.Add("System.Threading.Monitor::Enter(object,ref bool) : void");

            var bans = new SortedSet<string>(StringComparer.Ordinal);
            const BindingFlags Flags = BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var type in CommonTypes)
            {
                string owner = type.FullName.Replace('+', '/');
                foreach (var member in type.GetMembers(Flags))
                {
                    if (member is MethodBase method)
                    {
                        if (method.IsSpecialName && (method.Name.StartsWith("get_") || method.Name.StartsWith("set_") ||
                            method.Name.StartsWith("add_") || method.Name.StartsWith("remove_")))
                        {
                            continue;
                        }

                        var ps = method.GetParameters();
                        string ret = method is MethodInfo mi ? Key(mi.ReturnType) : "void";
                        if (allowed.Contains(owner + "::" + method.Name + "(" + string.Join(",", ps.Select(p => Key(p.ParameterType))) + ") : " + ret))
                        {
                            continue;
                        }

                        string name = method is ConstructorInfo ? "#ctor" : method.Name + (method.IsGenericMethodDefinition ? "``" + method.GetGenericArguments().Length : "");
                        bans.Add("M:" + DocId(type) + "." + name + (ps.Length > 0 ? "(" + string.Join(",", ps.Select(p => DocId(p.ParameterType))) + ")" : "") + Reason);
                    }
                    else if (member is PropertyInfo property)
                    {
                        var accessor = property.GetGetMethod() ?? property.GetSetMethod();
                        if (accessor == null ||
                            allowed.Contains(owner + "::" + accessor.Name + "(" + string.Join(",", accessor.GetParameters().Select(p => Key(p.ParameterType))) + ") : " + Key(accessor.ReturnType)))
                        {
                            continue;
                        }

                        var ps = property.GetIndexParameters();
                        bans.Add("P:" + DocId(type) + "." + property.Name + (ps.Length > 0 ? "(" + string.Join(",", ps.Select(p => DocId(p.ParameterType))) + ")" : "") + Reason);
                    }
                    else if (member is FieldInfo field && !field.IsLiteral && !allowed.Contains(owner + "::" + field.Name + " : " + Key(field.FieldType)))
                    {
                        bans.Add("F:" + DocId(type) + "." + field.Name + Reason);
                    }
                }
            }

            return bans.ToList();
        }

        /// <summary>The allowlist's spelling of a type.</summary>
        private static string Key(Type t)
        {
            if (t.IsByRef) return "ref " + Key(t.GetElementType());
            if (t.IsArray) return Key(t.GetElementType()) + (t.GetArrayRank() == 1 ? "[]" : "[" + new string(',', t.GetArrayRank() - 1) + "]");
            if (t.IsPointer) return Key(t.GetElementType()) + "*";
            if (t.IsGenericParameter || t.IsGenericType) return "<generic>";
            return Keywords.TryGetValue(t, out string k) ? k : t.FullName.Replace('+', '/');
        }

        /// <summary>The documentation-comment ID spelling BannedApiAnalyzers reads.</summary>
        private static string DocId(Type t)
        {
            if (t.IsByRef) return DocId(t.GetElementType()) + "@";
            if (t.IsArray) return DocId(t.GetElementType()) + "[]";
            if (t.IsPointer) return DocId(t.GetElementType()) + "*";
            if (t.IsGenericParameter) return (t.DeclaringMethod != null ? "``" : "`") + t.GenericParameterPosition;
            if (t.IsGenericType)
            {
                string def = t.GetGenericTypeDefinition().FullName;
                return def.Substring(0, def.IndexOf('`')).Replace('+', '.') + "{" + string.Join(",", t.GetGenericArguments().Select(DocId)) + "}";
            }

            return t.FullName.Replace('+', '.');
        }
    }
}
