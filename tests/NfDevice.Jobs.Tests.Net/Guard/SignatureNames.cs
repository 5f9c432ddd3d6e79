using System.Collections.Generic;
using System.Collections.Immutable;
using System.Reflection.Metadata;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// Decodes metadata signatures into the allowlist's spelling (C# keywords for primitives, Outer/Inner,
    /// T[], "ref T") and records every TypeReference a signature mentions and every construct nanoFramework
    /// 1.x cannot run (generic instantiations, generic parameters, multi-dimensional arrays, pointers).
    /// </summary>
    internal sealed class SignatureNames : ISignatureTypeProvider<string, object>
    {
        private static readonly Dictionary<string, string> Keywords = new Dictionary<string, string>
        {
            ["System.Void"] = "void", ["System.Boolean"] = "bool", ["System.Char"] = "char", ["System.SByte"] = "sbyte",
            ["System.Byte"] = "byte", ["System.Int16"] = "short", ["System.UInt16"] = "ushort", ["System.Int32"] = "int",
            ["System.UInt32"] = "uint", ["System.Int64"] = "long", ["System.UInt64"] = "ulong", ["System.Single"] = "float",
            ["System.Double"] = "double", ["System.String"] = "string", ["System.Object"] = "object",
            ["System.IntPtr"] = "nint", ["System.UIntPtr"] = "nuint",
        };

        private readonly MetadataReader reader;

        public SignatureNames(MetadataReader reader)
        {
            this.reader = reader;
        }

        /// <summary>TypeReferences met while decoding (each is a direct use of that type).</summary>
        public HashSet<TypeReferenceHandle> UsedTypeRefs { get; } = new HashSet<TypeReferenceHandle>();

        /// <summary>Constructs outside nanoFramework 1.x met while decoding, described.</summary>
        public List<string> Problems { get; } = new List<string>();

        /// <summary>Full name of a type definition or reference, nested types as Outer/Inner.</summary>
        public string TypeName(EntityHandle handle)
        {
            if (handle.Kind == HandleKind.TypeReference)
            {
                var tr = reader.GetTypeReference((TypeReferenceHandle)handle);
                string name = reader.GetString(tr.Name);
                if (tr.ResolutionScope.Kind == HandleKind.TypeReference)
                {
                    return TypeName(tr.ResolutionScope) + "/" + name;
                }

                string ns = reader.GetString(tr.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }

            if (handle.Kind == HandleKind.TypeDefinition)
            {
                var td = reader.GetTypeDefinition((TypeDefinitionHandle)handle);
                string name = reader.GetString(td.Name);
                if (td.IsNested)
                {
                    return TypeName(td.GetDeclaringType()) + "/" + name;
                }

                string ns = reader.GetString(td.Namespace);
                return ns.Length == 0 ? name : ns + "." + name;
            }

            return "?" + handle.Kind;
        }

        /// <summary>Marks a TypeReference (and the types enclosing a nested one) as used.</summary>
        public void Use(TypeReferenceHandle handle)
        {
            while (UsedTypeRefs.Add(handle))
            {
                var scope = reader.GetTypeReference(handle).ResolutionScope;
                if (scope.Kind != HandleKind.TypeReference)
                {
                    break;
                }

                handle = (TypeReferenceHandle)scope;
            }
        }

        public string GetPrimitiveType(PrimitiveTypeCode typeCode)
        {
            switch (typeCode)
            {
                case PrimitiveTypeCode.TypedReference:
                    Problems.Add("TypedReference");
                    return "System.TypedReference";
                default:
                    return Keywords.TryGetValue("System." + typeCode, out string k) ? k : "System." + typeCode;
            }
        }

        public string GetTypeFromDefinition(MetadataReader r, TypeDefinitionHandle handle, byte rawTypeKind) => TypeName(handle);

        public string GetTypeFromReference(MetadataReader r, TypeReferenceHandle handle, byte rawTypeKind)
        {
            Use(handle);
            string name = TypeName(handle);
            return Keywords.TryGetValue(name, out string k) ? k : name;
        }

        public string GetTypeFromSpecification(MetadataReader r, object context, TypeSpecificationHandle handle, byte rawTypeKind) =>
            r.GetTypeSpecification(handle).DecodeSignature(this, context);

        public string GetSZArrayType(string elementType) => elementType + "[]";

        public string GetArrayType(string elementType, ArrayShape shape)
        {
            string name = elementType + "[" + new string(',', shape.Rank - 1) + "]";
            Problems.Add("multi-dimensional array " + name);
            return name;
        }

        public string GetByReferenceType(string elementType) => "ref " + elementType;

        public string GetPointerType(string elementType)
        {
            Problems.Add("pointer type " + elementType + "*");
            return elementType + "*";
        }

        public string GetGenericInstantiation(string genericType, ImmutableArray<string> typeArguments)
        {
            string name = genericType + "<" + string.Join(",", typeArguments) + ">";
            Problems.Add("generic instantiation " + name);
            return name;
        }

        public string GetGenericTypeParameter(object context, int index)
        {
            Problems.Add("generic type parameter !" + index);
            return "!" + index;
        }

        public string GetGenericMethodParameter(object context, int index)
        {
            Problems.Add("generic method parameter !!" + index);
            return "!!" + index;
        }

        public string GetFunctionPointerType(MethodSignature<string> signature)
        {
            Problems.Add("function pointer");
            return "delegate*";
        }

        public string GetModifiedType(string modifier, string unmodifiedType, bool isRequired) => unmodifiedType;

        public string GetPinnedType(string elementType) => elementType;

        public string GetTypeFromSerializedName(string name) => name;

        /// <summary>"(p1,p2) : ret", the allowlist's spelling of a method signature.</summary>
        public static string Shape(MethodSignature<string> sig) =>
            "(" + string.Join(",", sig.ParameterTypes) + ") : " + sig.ReturnType;
    }
}
