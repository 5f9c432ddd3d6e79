using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;

namespace NfDevice.Jobs.Tests.Net.Guard
{
    /// <summary>Walks a method body's IL instruction by instruction, for the guards that read the compiled core.</summary>
    internal static class IlWalker
    {
        private static readonly Dictionary<short, OperandType> Operands = typeof(OpCodes)
            .GetFields(BindingFlags.Public | BindingFlags.Static)
            .Select(f => (OpCode)f.GetValue(null))
            .ToDictionary(o => o.Value, o => o.OperandType);

        /// <summary>
        /// Calls <paramref name="onToken"/> with the opcode and the operand of every instruction whose operand is a
        /// metadata entity (field, method, type, token or call-site signature); every other operand is skipped.
        /// </summary>
        public static void ForEachEntity(BlobReader il, Action<short, EntityHandle> onToken)
        {
            while (il.RemainingBytes > 0)
            {
                short op = il.ReadByte();
                if (op == 0xFE)
                {
                    op = unchecked((short)(0xFE00 | il.ReadByte()));
                }

                switch (Operands[op])
                {
                    case OperandType.InlineNone:
                        break;
                    case OperandType.ShortInlineBrTarget:
                    case OperandType.ShortInlineI:
                    case OperandType.ShortInlineVar:
                        il.ReadByte();
                        break;
                    case OperandType.InlineVar:
                        il.ReadInt16();
                        break;
                    case OperandType.InlineI8:
                    case OperandType.InlineR:
                        il.ReadInt64();
                        break;
                    case OperandType.InlineSwitch:
                        int targets = il.ReadInt32();
                        il.Offset += 4 * targets;
                        break;
                    case OperandType.InlineField:
                    case OperandType.InlineMethod:
                    case OperandType.InlineTok:
                    case OperandType.InlineType:
                    case OperandType.InlineSig:
                        onToken(op, MetadataTokens.EntityHandle(il.ReadInt32()));
                        break;
                    default:
                        il.ReadInt32();
                        break;
                }
            }
        }
    }
}
