using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// On nanoFramework 1.x <c>Enum.ToString()</c> gives the number ("signature 1" where .NET says "signature
    /// Invalid"), so a name that leaves the device or is logged must come from the project's name tables. The core's
    /// IL shows every place an enum value becomes text or an object: <c>constrained. E callvirt ToString</c> (what
    /// <c>e.ToString()</c> and <c>"x" + e</c> compile to) and <c>box E</c> (string.Format, Concat(object), a Hashtable
    /// key). This test lists them all for the core's own enums and fails on any.
    /// </summary>
    [TestClass]
    public sealed class EnumNameGuardTests
    {
        private const short Box = 0x8C;
        private const short Constrained = unchecked((short)0xFE16);

        [TestMethod]
        public void Core_NeverTurnsAnEnumIntoText_ItUsesTheNameTables()
        {
            string core = typeof(NfDevice.Jobs.Json.JsonWriter).Assembly.Location;
            List<string> offenders = EnumToTextSites(core);
            Assert.AreEqual(0, offenders.Count,
                "enum values turned into text or objects (nanoFramework prints the number; use the name tables):"
                + Environment.NewLine + string.Join(Environment.NewLine, offenders));
        }

        [TestMethod]
        public void Scanner_FindsEnumToStringConcatAndBox_InASample()
        {
            // The guard's own check: the samples below must be found, or the guard proves nothing.
            List<string> found = EnumToTextSites(typeof(EnumNameGuardTests).Assembly.Location)
                .Where(s => s.Contains(nameof(EnumSamples), StringComparison.Ordinal)).ToList();
            Assert.IsTrue(found.Any(s => s.Contains(nameof(EnumSamples.Concat), StringComparison.Ordinal)), string.Join("; ", found));
            Assert.IsTrue(found.Any(s => s.Contains(nameof(EnumSamples.ExplicitToString), StringComparison.Ordinal)), string.Join("; ", found));
            Assert.IsTrue(found.Any(s => s.Contains(nameof(EnumSamples.Boxed), StringComparison.Ordinal)), string.Join("; ", found));
            Assert.IsFalse(found.Any(s => s.Contains(nameof(EnumSamples.AsNumber), StringComparison.Ordinal)), string.Join("; ", found));
        }

        /// <summary>"Type.Method: box|constrained Enum" for every site in the assembly at <paramref name="path"/>.</summary>
        internal static List<string> EnumToTextSites(string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            var enums = new HashSet<EntityHandle>();
            foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
            {
                EntityHandle baseType = md.GetTypeDefinition(handle).BaseType;
                if (baseType.Kind == HandleKind.TypeReference
                    && md.GetString(md.GetTypeReference((TypeReferenceHandle)baseType).Name) == "Enum"
                    && md.GetString(md.GetTypeReference((TypeReferenceHandle)baseType).Namespace) == "System")
                {
                    enums.Add(handle);
                }
            }

            var sites = new List<string>();
            foreach (TypeDefinitionHandle typeHandle in md.TypeDefinitions)
            {
                TypeDefinition type = md.GetTypeDefinition(typeHandle);
                foreach (MethodDefinitionHandle methodHandle in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(methodHandle);
                    if (method.RelativeVirtualAddress == 0)
                    {
                        continue;
                    }

                    string where = FullName(md, typeHandle) + "." + md.GetString(method.Name);
                    BlobReader il = pe.GetMethodBody(method.RelativeVirtualAddress).GetILReader();
                    IlWalker.ForEachEntity(il, (op, handle) =>
                    {
                        if ((op == Box || op == Constrained) && enums.Contains(handle))
                        {
                            sites.Add(where + ": " + (op == Box ? "box " : "constrained. ") + FullName(md, (TypeDefinitionHandle)handle));
                        }
                    });
                }
            }

            return sites;
        }

        private static string FullName(MetadataReader md, TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            TypeDefinitionHandle outer = type.GetDeclaringType();
            string name = md.GetString(type.Name);
            return outer.IsNil ? md.GetString(type.Namespace) + "." + name : FullName(md, outer) + "/" + name;
        }
    }

    /// <summary>What the guard must find (and the one use it must not).</summary>
    internal static class EnumSamples
    {
        internal enum Sample
        {
            First,
            Second,
        }

        internal static string Concat(Sample s) => "value " + s;

        internal static string ExplicitToString(Sample s) => s.ToString();

        internal static object Boxed(Sample s) => s;

        internal static string AsNumber(Sample s) => ((int)s).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
