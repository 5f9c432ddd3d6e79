using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>
    /// Reads a compiled assembly with System.Reflection.Metadata and lists everything in it that nanoFramework
    /// 1.x cannot run: type and member references outside the allowlist, generic definitions and
    /// instantiations, async state machines. Either the whole assembly is checked (every row of the reference
    /// tables, so nothing can hide), or only what a chosen set of types uses (for the checker's own tests).
    /// </summary>
    internal sealed class NanoSubsetChecker
    {
        private readonly NanoApiAllowlist allowlist;
        private readonly MetadataReader reader;
        private readonly PEReader pe;
        private readonly SignatureNames names;
        private readonly SortedSet<string> offenders = new SortedSet<string>(StringComparer.Ordinal);
        private readonly HashSet<MemberReferenceHandle> memberRefsInCode = new HashSet<MemberReferenceHandle>();
        private readonly HashSet<MemberReferenceHandle> memberRefsAsAttributes = new HashSet<MemberReferenceHandle>();
        private readonly HashSet<TypeSpecificationHandle> typeSpecs = new HashSet<TypeSpecificationHandle>();
        private readonly HashSet<MethodSpecificationHandle> methodSpecs = new HashSet<MethodSpecificationHandle>();

        private NanoSubsetChecker(NanoApiAllowlist allowlist, PEReader pe)
        {
            this.allowlist = allowlist;
            this.pe = pe;
            reader = pe.GetMetadataReader();
            names = new SignatureNames(reader);
        }

        /// <summary>Every offender in the assembly at <paramref name="path"/>, one described line each.</summary>
        public static IReadOnlyCollection<string> CheckAssembly(NanoApiAllowlist allowlist, string path)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var checker = new NanoSubsetChecker(allowlist, pe);
            foreach (var type in checker.reader.TypeDefinitions)
            {
                checker.WalkType(type, nested: false);
            }

            // Every custom attribute (assembly, module, members, parameters...), then, as a safety net, every row of
            // the reference tables, used or not, is judged too.
            foreach (var attribute in checker.reader.CustomAttributes)
            {
                checker.WalkAttribute(attribute);
            }

            foreach (var handle in checker.reader.MemberReferences)
            {
                if (!checker.memberRefsAsAttributes.Contains(handle))
                {
                    checker.memberRefsInCode.Add(handle);
                }
            }

            for (int row = 1; row <= checker.reader.GetTableRowCount(TableIndex.TypeSpec); row++)
            {
                checker.typeSpecs.Add(MetadataTokens.TypeSpecificationHandle(row));
            }

            for (int row = 1; row <= checker.reader.GetTableRowCount(TableIndex.MethodSpec); row++)
            {
                checker.methodSpecs.Add(MetadataTokens.MethodSpecificationHandle(row));
            }

            checker.Judge(checker.reader.TypeReferences);
            return checker.offenders;
        }

        /// <summary>Offenders in what the types named <paramref name="typeFullNames"/> (and their nested types) use.</summary>
        public static IReadOnlyCollection<string> CheckTypes(NanoApiAllowlist allowlist, string path, params string[] typeFullNames)
        {
            using var stream = File.OpenRead(path);
            using var pe = new PEReader(stream);
            var checker = new NanoSubsetChecker(allowlist, pe);
            var wanted = new HashSet<string>(typeFullNames, StringComparer.Ordinal);
            bool found = false;
            foreach (var handle in checker.reader.TypeDefinitions)
            {
                if (wanted.Contains(checker.names.TypeName(handle)))
                {
                    found = true;
                    checker.WalkType(handle, nested: true);
                }
            }

            if (!found)
            {
                throw new ArgumentException("none of the types found: " + string.Join(", ", typeFullNames));
            }

            checker.Judge(checker.names.UsedTypeRefs.ToArray());
            return checker.offenders;
        }

        private void WalkType(TypeDefinitionHandle handle, bool nested)
        {
            var type = reader.GetTypeDefinition(handle);
            string typeName = names.TypeName(handle);
            if (type.GetGenericParameters().Count > 0)
            {
                offenders.Add("generic type definition " + typeName);
            }

            UseTypeEntity(type.BaseType, typeName);
            foreach (var ii in type.GetInterfaceImplementations())
            {
                var iface = reader.GetInterfaceImplementation(ii).Interface;
                if (IsNamed(iface, "System.Runtime.CompilerServices.IAsyncStateMachine"))
                {
                    offenders.Add("async state machine " + typeName);
                }

                UseTypeEntity(iface, typeName);
            }

            Attributes(type.GetCustomAttributes());
            foreach (var fieldHandle in type.GetFields())
            {
                var field = reader.GetFieldDefinition(fieldHandle);
                Decode(() => field.DecodeSignature(names, null), typeName + "::" + reader.GetString(field.Name));
                Attributes(field.GetCustomAttributes());
            }

            foreach (var propertyHandle in type.GetProperties())
            {
                var property = reader.GetPropertyDefinition(propertyHandle);
                Decode(() => property.DecodeSignature(names, null).ReturnType, typeName + "::" + reader.GetString(property.Name));
                Attributes(property.GetCustomAttributes());
            }

            foreach (var eventHandle in type.GetEvents())
            {
                var ev = reader.GetEventDefinition(eventHandle);
                UseTypeEntity(ev.Type, typeName);
                Attributes(ev.GetCustomAttributes());
            }

            foreach (var methodHandle in type.GetMethods())
            {
                WalkMethod(methodHandle, typeName);
            }

            foreach (var implHandle in type.GetMethodImplementations())
            {
                var impl = reader.GetMethodImplementation(implHandle);
                UseMethodEntity(impl.MethodDeclaration, inCode: true);
            }

            if (nested)
            {
                foreach (var child in type.GetNestedTypes())
                {
                    WalkType(child, nested: true);
                }
            }
        }

        private void WalkMethod(MethodDefinitionHandle handle, string typeName)
        {
            var method = reader.GetMethodDefinition(handle);
            string where = typeName + "::" + reader.GetString(method.Name);
            if (method.GetGenericParameters().Count > 0)
            {
                offenders.Add("generic method definition " + where);
            }

            foreach (var attributeHandle in method.GetCustomAttributes())
            {
                var ctor = reader.GetCustomAttribute(attributeHandle).Constructor;
                if (ctor.Kind == HandleKind.MemberReference &&
                    IsNamed(reader.GetMemberReference((MemberReferenceHandle)ctor).Parent, "System.Runtime.CompilerServices.AsyncStateMachineAttribute"))
                {
                    offenders.Add("async method " + where);
                }
            }

            Attributes(method.GetCustomAttributes());
            foreach (var p in method.GetParameters())
            {
                Attributes(reader.GetParameter(p).GetCustomAttributes());
            }

            Decode(() => SignatureNames.Shape(method.DecodeSignature(names, null)), where);
            if (method.RelativeVirtualAddress == 0)
            {
                return;
            }

            var body = pe.GetMethodBody(method.RelativeVirtualAddress);
            if (!body.LocalSignature.IsNil)
            {
                var locals = reader.GetStandaloneSignature(body.LocalSignature);
                Decode(() => string.Join(",", locals.DecodeLocalSignature(names, null)), where + " locals");
            }

            foreach (var region in body.ExceptionRegions)
            {
                if (!region.CatchType.IsNil)
                {
                    UseTypeEntity(region.CatchType, where);
                }
            }

            ScanIl(body.GetILReader(), where);
        }

        private void ScanIl(BlobReader il, string where) => IlWalker.ForEachEntity(il, (_, handle) => UseToken(handle, where));

        private void UseToken(EntityHandle handle, string where)
        {
            switch (handle.Kind)
            {
                case HandleKind.TypeReference:
                case HandleKind.TypeSpecification:
                    UseTypeEntity(handle, where);
                    break;
                case HandleKind.MemberReference:
                case HandleKind.MethodSpecification:
                    UseMethodEntity(handle, inCode: true);
                    break;
                case HandleKind.StandaloneSignature:
                    var sig = reader.GetStandaloneSignature((StandaloneSignatureHandle)handle);
                    Decode(() => SignatureNames.Shape(sig.DecodeMethodSignature(names, null)), where + " calli");
                    break;
            }
        }

        private void UseTypeEntity(EntityHandle handle, string where)
        {
            if (handle.IsNil)
            {
                return;
            }

            if (handle.Kind == HandleKind.TypeReference)
            {
                names.Use((TypeReferenceHandle)handle);
            }
            else if (handle.Kind == HandleKind.TypeSpecification)
            {
                typeSpecs.Add((TypeSpecificationHandle)handle);
            }
        }

        private void UseMethodEntity(EntityHandle handle, bool inCode)
        {
            if (handle.Kind == HandleKind.MemberReference)
            {
                (inCode ? memberRefsInCode : memberRefsAsAttributes).Add((MemberReferenceHandle)handle);
            }
            else if (handle.Kind == HandleKind.MethodSpecification)
            {
                methodSpecs.Add((MethodSpecificationHandle)handle);
                UseMethodEntity(reader.GetMethodSpecification((MethodSpecificationHandle)handle).Method, inCode);
            }
        }

        private void Attributes(CustomAttributeHandleCollection attributes)
        {
            foreach (var a in attributes)
            {
                WalkAttribute(a);
            }
        }

        private void WalkAttribute(CustomAttributeHandle handle)
        {
            UseMethodEntity(reader.GetCustomAttribute(handle).Constructor, inCode: false);
        }

        private void Decode(Func<string> decode, string where)
        {
            int before = names.Problems.Count;
            decode();
            for (int i = before; i < names.Problems.Count; i++)
            {
                offenders.Add(names.Problems[i] + " in " + where);
            }
        }

        private bool IsNamed(EntityHandle handle, string fullName) =>
            (handle.Kind == HandleKind.TypeReference || handle.Kind == HandleKind.TypeDefinition) && names.TypeName(handle) == fullName;

        /// <summary>The allowlist spelling of a member reference: "Type::name(params) : ret" or "Type::name : type".</summary>
        private string MemberKey(MemberReference member, out string parentName)
        {
            parentName = member.Parent.Kind == HandleKind.TypeSpecification
                ? reader.GetTypeSpecification((TypeSpecificationHandle)member.Parent).DecodeSignature(names, null)
                : names.TypeName(member.Parent);
            string name = reader.GetString(member.Name);
            return member.GetKind() == MemberReferenceKind.Field
                ? parentName + "::" + name + " : " + member.DecodeFieldSignature(names, null)
                : parentName + "::" + name + SignatureNames.Shape(member.DecodeMethodSignature(names, null));
        }

        private void Judge(IEnumerable<TypeReferenceHandle> candidateTypeRefs)
        {
            // Members first: decoding their signatures marks the types they mention as used.
            var exemptParents = new Dictionary<TypeReferenceHandle, bool>();
            foreach (var handle in memberRefsInCode.Union(memberRefsAsAttributes))
            {
                var member = reader.GetMemberReference(handle);
                if (member.Parent.Kind == HandleKind.MethodDefinition || member.Parent.Kind == HandleKind.ModuleReference)
                {
                    offenders.Add("vararg or module member reference " + reader.GetString(member.Name));
                    continue;
                }

                int before = names.Problems.Count;
                string key = MemberKey(member, out string parentName);
                for (int i = before; i < names.Problems.Count; i++)
                {
                    offenders.Add(names.Problems[i] + " in reference to " + key);
                }

                if (member.Parent.Kind == HandleKind.TypeSpecification)
                {
                    typeSpecs.Add((TypeSpecificationHandle)member.Parent);
                }

                bool exempt = false;
                bool ok = allowlist.Members.Contains(key);
                if (!ok && allowlist.Equivalents.TryGetValue(key, out string target))
                {
                    ok = exempt = allowlist.Members.Contains(target);
                }

                if (!ok && allowlist.CompilerOptionalAttributes.Contains(parentName) &&
                    reader.GetString(member.Name) == ".ctor" && !memberRefsInCode.Contains(handle))
                {
                    ok = exempt = true;
                }

                if (!ok)
                {
                    offenders.Add("member " + key);
                }

                if (member.Parent.Kind == HandleKind.TypeReference)
                {
                    var parent = (TypeReferenceHandle)member.Parent;
                    exemptParents[parent] = (!exemptParents.TryGetValue(parent, out bool e) || e) && exempt;
                    if (!exempt)
                    {
                        names.Use(parent);
                    }
                }
            }

            foreach (var handle in typeSpecs)
            {
                int before = names.Problems.Count;
                string spec = reader.GetTypeSpecification(handle).DecodeSignature(names, null);
                foreach (string problem in names.Problems.Skip(before))
                {
                    offenders.Add(problem);
                }

                if (spec.Contains('<') || spec.Contains('!'))
                {
                    offenders.Add("generic instantiation " + spec);
                }
            }

            foreach (var handle in methodSpecs)
            {
                var spec = reader.GetMethodSpecification(handle);
                string method = spec.Method.Kind == HandleKind.MemberReference
                    ? reader.GetString(reader.GetMemberReference((MemberReferenceHandle)spec.Method).Name)
                    : reader.GetString(reader.GetMethodDefinition((MethodDefinitionHandle)spec.Method).Name);
                offenders.Add("generic method instantiation " + method + "<" + string.Join(",", spec.DecodeSignature(names, null)) + ">");
            }

            foreach (var handle in candidateTypeRefs.Union(names.UsedTypeRefs).ToArray())
            {
                string name = names.TypeName(handle);
                if (allowlist.Types.Contains(name))
                {
                    continue;
                }

                bool onlyExemptParent = !names.UsedTypeRefs.Contains(handle) && exemptParents.TryGetValue(handle, out bool e) && e;
                if (!onlyExemptParent)
                {
                    offenders.Add("type " + name);
                }
            }
        }
    }
}
