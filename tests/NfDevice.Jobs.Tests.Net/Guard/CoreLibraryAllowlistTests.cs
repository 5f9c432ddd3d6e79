using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// The allowlist's mscorlib part was generated from CoreLibrary's sources; this checks it against the real
    /// assembly NuGet serves (nanoFramework.CoreLibrary 1.17.11, restored by this project), so the guard can never
    /// drift from the platform: every listed type and member exists there, publicly, with the same signature, and
    /// every public or protected member there is listed.
    /// </summary>
    [TestClass]
    public sealed class CoreLibraryAllowlistTests
    {
        private const string Section = "## Generated: assembly mscorlib";

        [TestMethod]
        public void AllowlistMscorlibPart_IsExactlyThePublicApiOfTheRealCoreLibrary()
        {
            string dll = RealMscorlib();
            HashSet<string> real = PublicApi(dll, out Version version);
            Assert.AreEqual(new Version(1, 17, 11, 0), version, "the package's mscorlib version");

            List<string> listed = AllowlistSection();
            Assert.IsTrue(listed.Count > 500, "the allowlist's mscorlib part looks empty: " + listed.Count);
            string[] notReal = listed.Where(l => !real.Contains(l)).ToArray();
            string[] notListed = real.Where(l => !listed.Contains(l)).OrderBy(l => l, StringComparer.Ordinal).ToArray();
            Assert.AreEqual(0, notReal.Length, "listed but not in the real mscorlib 1.17.11:" + Environment.NewLine + string.Join(Environment.NewLine, notReal));
            Assert.AreEqual(0, notListed.Length, "public in the real mscorlib 1.17.11 but not listed:" + Environment.NewLine + string.Join(Environment.NewLine, notListed));
        }

        /// <summary>lib/mscorlib.dll of the restored package (its folder is recorded in this assembly at build time).</summary>
        private static string RealMscorlib()
        {
            string package = typeof(CoreLibraryAllowlistTests).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                .Where(a => a.Key == "NanoCoreLibraryPackage").Select(a => a.Value).FirstOrDefault();
            string dll = string.IsNullOrEmpty(package) ? null : Path.Combine(package, "lib", "mscorlib.dll");
            if (dll == null || !File.Exists(dll))
            {
                Assert.Fail("nanoFramework.CoreLibrary 1.17.11 was not restored (expected lib/mscorlib.dll under '" + package + "'); run dotnet restore");
            }

            return dll;
        }

        private static List<string> AllowlistSection()
        {
            var lines = new List<string>();
            bool inside = false;
            foreach (string raw in File.ReadAllLines(NanoApiAllowlist.DefaultPath))
            {
                string line = raw.Trim();
                if (line.StartsWith("## ", StringComparison.Ordinal))
                {
                    inside = line == Section;
                    continue;
                }

                if (inside && line.Length > 2 && line[0] != '#')
                {
                    lines.Add(line);
                }
            }

            return lines;
        }

        /// <summary>The public and protected API of an assembly in the allowlist's line format.</summary>
        private static HashSet<string> PublicApi(string path, out Version version)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            MetadataReader md = pe.GetMetadataReader();
            version = md.GetAssemblyDefinition().Version;
            var names = new AllowlistSpelling(md);
            var api = new HashSet<string>(StringComparer.Ordinal);
            foreach (TypeDefinitionHandle handle in md.TypeDefinitions)
            {
                if (!IsVisible(md, handle))
                {
                    continue;
                }

                TypeDefinition type = md.GetTypeDefinition(handle);
                string typeName = names.TypeName(handle);
                if (typeName == "<Module>")
                {
                    continue;
                }

                api.Add("T " + typeName);
                if (IsValueType(md, type))
                {
                    // The generated part lists the implicit parameterless constructor of every struct and enum
                    // (new T() in source); metadata has none, the compiler emits initobj.
                    api.Add("M " + typeName + "::.ctor() : void");
                }

                foreach (FieldDefinitionHandle f in type.GetFields())
                {
                    FieldDefinition field = md.GetFieldDefinition(f);
                    // An enum's value__ is the runtime's storage, not API (RTSpecialName).
                    if (IsVisible(field.Attributes & FieldAttributes.FieldAccessMask) && (field.Attributes & FieldAttributes.RTSpecialName) == 0)
                    {
                        api.Add("F " + typeName + "::" + md.GetString(field.Name) + " : " + field.DecodeSignature(names, handle));
                    }
                }

                foreach (MethodDefinitionHandle m in type.GetMethods())
                {
                    MethodDefinition method = md.GetMethodDefinition(m);
                    if (IsVisible((FieldAttributes)(int)(method.Attributes & MethodAttributes.MemberAccessMask)))
                    {
                        api.Add("M " + typeName + "::" + md.GetString(method.Name) + SignatureNames.Shape(method.DecodeSignature(names, handle)));
                    }
                }
            }

            return api;
        }

        // Public, protected or protected internal (family, famorassem) members, as the generated part lists.
        private static bool IsVisible(FieldAttributes access) =>
            access == FieldAttributes.Public || access == FieldAttributes.Family || access == FieldAttributes.FamORAssem;

        private static bool IsValueType(MetadataReader md, TypeDefinition type)
        {
            EntityHandle baseType = type.BaseType;
            if (baseType.IsNil || (baseType.Kind != HandleKind.TypeDefinition && baseType.Kind != HandleKind.TypeReference))
            {
                return false;
            }

            string name = baseType.Kind == HandleKind.TypeDefinition
                ? md.GetString(md.GetTypeDefinition((TypeDefinitionHandle)baseType).Name)
                : md.GetString(md.GetTypeReference((TypeReferenceHandle)baseType).Name);
            return name == "ValueType" || name == "Enum";
        }

        private static bool IsVisible(MetadataReader md, TypeDefinitionHandle handle)
        {
            TypeDefinition type = md.GetTypeDefinition(handle);
            TypeAttributes v = type.Attributes & TypeAttributes.VisibilityMask;
            if (!type.IsNested)
            {
                return v == TypeAttributes.Public;
            }

            return (v == TypeAttributes.NestedPublic || v == TypeAttributes.NestedFamily || v == TypeAttributes.NestedFamORAssem)
                && IsVisible(md, type.GetDeclaringType());
        }

        /// <summary>The allowlist spells generic parameters by name with a '?' (Action`1::Invoke(?T)); the rest as SignatureNames.</summary>
        private sealed class AllowlistSpelling : ISignatureTypeProvider<string, object>
        {
            private readonly SignatureNames inner;
            private readonly MetadataReader md;

            public AllowlistSpelling(MetadataReader md)
            {
                this.md = md;
                inner = new SignatureNames(md);
            }

            public string TypeName(TypeDefinitionHandle handle) => inner.TypeName(handle);

            public string GetArrayType(string elementType, ArrayShape shape) => inner.GetArrayType(elementType, shape);

            public string GetByReferenceType(string elementType) => inner.GetByReferenceType(elementType);

            public string GetFunctionPointerType(MethodSignature<string> signature) => inner.GetFunctionPointerType(signature);

            public string GetGenericInstantiation(string genericType, System.Collections.Immutable.ImmutableArray<string> typeArguments) =>
                inner.GetGenericInstantiation(genericType, typeArguments);

            public string GetGenericMethodParameter(object context, int index) => "??" + index;

            /// <summary>"?T": the declaring type's generic parameter by name (the context is that type's handle).</summary>
            public string GetGenericTypeParameter(object context, int index)
            {
                TypeDefinition type = md.GetTypeDefinition((TypeDefinitionHandle)context);
                return "?" + md.GetString(md.GetGenericParameter(type.GetGenericParameters()[index]).Name);
            }

            public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

            public string GetPinnedType(string elementType) => elementType;

            public string GetPointerType(string elementType) => inner.GetPointerType(elementType);

            public string GetPrimitiveType(PrimitiveTypeCode typeCode) => inner.GetPrimitiveType(typeCode);

            public string GetSZArrayType(string elementType) => elementType + "[]";

            public string GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind)
            {
                string name = inner.TypeName(handle);
                return name switch
                {
                    "System.Void" => "void", "System.Boolean" => "bool", "System.Char" => "char", "System.SByte" => "sbyte",
                    "System.Byte" => "byte", "System.Int16" => "short", "System.UInt16" => "ushort", "System.Int32" => "int",
                    "System.UInt32" => "uint", "System.Int64" => "long", "System.UInt64" => "ulong", "System.Single" => "float",
                    "System.Double" => "double", "System.String" => "string", "System.Object" => "object",
                    "System.IntPtr" => "nint", "System.UIntPtr" => "nuint",
                    _ => name,
                };
            }

            public string GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) =>
                inner.GetTypeFromReference(reader, handle, rawTypeKind);

            public string GetTypeFromSpecification(MetadataReader reader, object context, TypeSpecificationHandle handle, byte rawTypeKind) =>
                reader.GetTypeSpecification(handle).DecodeSignature(this, context);
        }
    }
}
