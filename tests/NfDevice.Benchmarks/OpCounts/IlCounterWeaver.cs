using System.Collections.Generic;
using System.IO;
using Mono.Cecil;
using Mono.Cecil.Cil;
using Mono.Cecil.Rocks;

namespace NfDevice.Benchmarks.OpCounts
{
    /// <summary>
    /// Writes an instrumented copy of an assembly that counts the IL instructions and the calls it executes.
    /// On nanoFramework every IL instruction is interpreted and every call builds a frame, so these two numbers,
    /// not JIT time, predict what an operation costs on the device. Each basic block gets a prologue that adds
    /// the block's instruction and call counts to two static fields of an injected class
    /// (<see cref="CounterTypeName"/>); the prologue's own instructions are not counted. Only code of the
    /// instrumented assembly is counted: a call into the base library counts as one instruction and one call.
    /// </summary>
    public static class IlCounterWeaver
    {
        /// <summary>Full name of the injected counter class (static fields Instructions and Calls, both long).</summary>
        public const string CounterTypeName = "NfDevice.OpCounts.IlCounter";

        /// <summary>Reads <paramref name="sourcePath"/>, instruments every method body and writes <paramref name="targetPath"/>.</summary>
        public static void Instrument(string sourcePath, string targetPath)
        {
            var resolver = new DefaultAssemblyResolver();
            resolver.AddSearchDirectory(Path.GetDirectoryName(sourcePath));
            resolver.AddSearchDirectory(Path.GetDirectoryName(typeof(object).Assembly.Location));
            using AssemblyDefinition assembly = AssemblyDefinition.ReadAssembly(sourcePath, new ReaderParameters { AssemblyResolver = resolver, ReadSymbols = false });
            ModuleDefinition module = assembly.MainModule;

            // A rewritten assembly's strong-name signature no longer matches; .NET does not check it, so drop the claim.
            module.Attributes &= ~ModuleAttributes.StrongNameSigned;

            var types = new List<TypeDefinition>();
            foreach (TypeDefinition type in module.Types)
            {
                Collect(type, types);
            }

            var counter = new TypeDefinition("NfDevice.OpCounts", "IlCounter",
                TypeAttributes.Public | TypeAttributes.Abstract | TypeAttributes.Sealed | TypeAttributes.Class, module.TypeSystem.Object);
            var instructions = new FieldDefinition("Instructions", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
            var calls = new FieldDefinition("Calls", FieldAttributes.Public | FieldAttributes.Static, module.TypeSystem.Int64);
            var perMethod = new FieldDefinition("PerMethod", FieldAttributes.Public | FieldAttributes.Static, new ArrayType(module.TypeSystem.Int64));
            counter.Fields.Add(instructions);
            counter.Fields.Add(calls);
            counter.Fields.Add(perMethod);
            module.Types.Add(counter);

            // Instructions per method too (index = line of the names file), for finding where an operation spends them.
            var names = new List<string>();
            foreach (TypeDefinition type in types)
            {
                foreach (MethodDefinition method in type.Methods)
                {
                    if (method.HasBody)
                    {
                        InstrumentBody(method.Body, instructions, calls, perMethod, names.Count);
                        names.Add(type.FullName + "::" + method.Name);
                    }
                }
            }

            var cctor = new MethodDefinition(".cctor",
                MethodAttributes.Private | MethodAttributes.Static | MethodAttributes.HideBySig | MethodAttributes.SpecialName | MethodAttributes.RTSpecialName,
                module.TypeSystem.Void);
            ILProcessor init = cctor.Body.GetILProcessor();
            init.Emit(OpCodes.Ldc_I4, names.Count);
            init.Emit(OpCodes.Newarr, module.TypeSystem.Int64);
            init.Emit(OpCodes.Stsfld, perMethod);
            init.Emit(OpCodes.Ret);
            counter.Methods.Add(cctor);

            assembly.Write(targetPath);
            File.WriteAllLines(MethodNamesPath(targetPath), names);
        }

        /// <summary>The file listing the instrumented methods in the order of the PerMethod array.</summary>
        public static string MethodNamesPath(string instrumentedPath) => instrumentedPath + ".methods.txt";

        private static void Collect(TypeDefinition type, List<TypeDefinition> into)
        {
            into.Add(type);
            foreach (TypeDefinition nested in type.NestedTypes)
            {
                Collect(nested, into);
            }
        }

        private static void InstrumentBody(MethodBody body, FieldDefinition instructionsField, FieldDefinition callsField, FieldDefinition perMethodField, int methodIndex)
        {
            // Long branch forms first: the prologues push targets further than a short branch can reach.
            body.SimplifyMacros();
            IList<Instruction> code = body.Instructions;
            HashSet<Instruction> leaders = Leaders(body);

            // Blocks as (leader, instruction count, call count), measured before anything is inserted.
            var blocks = new List<(Instruction Leader, long Count, long Calls)>();
            for (int i = 0; i < code.Count;)
            {
                Instruction leader = code[i];
                long count = 0, callCount = 0;
                do
                {
                    count++;
                    OpCode op = code[i].OpCode;
                    if (op.Code == Code.Call || op.Code == Code.Callvirt || op.Code == Code.Newobj || op.Code == Code.Calli)
                    {
                        callCount++;
                    }

                    i++;
                }
                while (i < code.Count && !leaders.Contains(code[i]));

                blocks.Add((leader, count, callCount));
            }

            ILProcessor il = body.GetILProcessor();
            foreach ((Instruction leader, long count, long callCount) in blocks)
            {
                // Branches and exception handlers refer to the leader object; it becomes the prologue's first
                // instruction and a copy of the original follows the prologue, so no reference needs rewriting.
                Instruction original = Instruction.Create(OpCodes.Nop);
                original.OpCode = leader.OpCode;
                original.Operand = leader.Operand;
                leader.OpCode = OpCodes.Ldsfld;
                leader.Operand = instructionsField;
                var prologue = new List<Instruction>
                {
                    il.Create(OpCodes.Ldc_I8, count),
                    il.Create(OpCodes.Add),
                    il.Create(OpCodes.Stsfld, instructionsField),
                    il.Create(OpCodes.Ldsfld, perMethodField),
                    il.Create(OpCodes.Ldc_I4, methodIndex),
                    il.Create(OpCodes.Ldelema, instructionsField.FieldType),
                    il.Create(OpCodes.Dup),
                    il.Create(OpCodes.Ldind_I8),
                    il.Create(OpCodes.Ldc_I8, count),
                    il.Create(OpCodes.Add),
                    il.Create(OpCodes.Stind_I8),
                };
                if (callCount > 0)
                {
                    prologue.Add(il.Create(OpCodes.Ldsfld, callsField));
                    prologue.Add(il.Create(OpCodes.Ldc_I8, callCount));
                    prologue.Add(il.Create(OpCodes.Add));
                    prologue.Add(il.Create(OpCodes.Stsfld, callsField));
                }

                prologue.Add(original);
                Instruction after = leader;
                foreach (Instruction added in prologue)
                {
                    il.InsertAfter(after, added);
                    after = added;
                }
            }

            body.MaxStackSize += 4;
            body.OptimizeMacros();
        }

        // A block starts at the first instruction, at every branch target and handler boundary, and after every
        // instruction that transfers control (branch, switch, return, throw, leave, endfinally).
        private static HashSet<Instruction> Leaders(MethodBody body)
        {
            var leaders = new HashSet<Instruction>();
            IList<Instruction> code = body.Instructions;
            if (code.Count > 0)
            {
                leaders.Add(code[0]);
            }

            for (int i = 0; i < code.Count; i++)
            {
                Instruction ins = code[i];
                if (ins.Operand is Instruction target)
                {
                    leaders.Add(target);
                }
                else if (ins.Operand is Instruction[] targets)
                {
                    foreach (Instruction t in targets)
                    {
                        leaders.Add(t);
                    }
                }

                FlowControl flow = ins.OpCode.FlowControl;
                if ((flow == FlowControl.Branch || flow == FlowControl.Cond_Branch || flow == FlowControl.Return || flow == FlowControl.Throw)
                    && i + 1 < code.Count)
                {
                    leaders.Add(code[i + 1]);
                }
            }

            foreach (ExceptionHandler h in body.ExceptionHandlers)
            {
                AddIfPresent(leaders, h.TryStart);
                AddIfPresent(leaders, h.TryEnd);
                AddIfPresent(leaders, h.HandlerStart);
                AddIfPresent(leaders, h.HandlerEnd);
                AddIfPresent(leaders, h.FilterStart);
            }

            return leaders;
        }

        private static void AddIfPresent(HashSet<Instruction> set, Instruction i)
        {
            if (i != null)
            {
                set.Add(i);
            }
        }
    }
}
