using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    public static partial class JobsReplies
    {
        /// <summary>
        /// For a reply <see cref="Decode"/> refused: reads the execution's identity past a job document the device cannot
        /// hold (nested too deep, too long, not an object, malformed), so that the engine can end that execution REJECTED
        /// instead of dropping the reply again and again (issue 8). Walks the envelope by brackets and strings only, with no
        /// depth or size limit (the values it keeps are small and read with <see cref="JsonReader"/>). Success only when a
        /// valid jobId was read and the document has a <see cref="DocumentProblem"/>: a reply broken elsewhere stays refused.
        /// The execution is <c>execution</c> (DescribeJobExecution, StartNext, notify-next) with its <c>jobDocument</c>.
        /// </summary>
        public static JobsResult DecodeIdentity(byte[] payload, int offset, int count, ExecutionIdentity identity)
        {
            if (identity == null || payload == null || offset < 0 || count < 0 || offset > payload.Length || count > payload.Length - offset)
            {
                return JobsResult.BadParameter;
            }

            identity.Clear();
            identity.Buffer = payload;
            int end = offset + count;
            int i = offset;
            int executionOffset = -1;
            int executionLength = 0;
            int depth;
            if (!EnterObject(payload, ref i, end))
            {
                return JobsResult.MalformedPayload;
            }

            int kOff, kLen, vOff, vLen;
            while (NextMember(payload, ref i, end, out kOff, out kLen, out vOff, out vLen, out depth))
            {
                if (KeyIs(payload, kOff, kLen, "clientToken") && identity.ClientTokenOffset < 0 && payload[vOff] == (byte)'"')
                {
                    identity.ClientTokenOffset = vOff;
                    identity.ClientTokenLength = vLen;
                }
                else if (KeyIs(payload, kOff, kLen, "execution") && executionOffset < 0 && payload[vOff] == (byte)'{')
                {
                    executionOffset = vOff;
                    executionLength = vLen;
                }
            }

            if (executionOffset < 0)
            {
                return JobsResult.UnexpectedContent;
            }

            i = executionOffset;
            EnterObject(payload, ref i, executionOffset + executionLength);
            while (NextMember(payload, ref i, executionOffset + executionLength, out kOff, out kLen, out vOff, out vLen, out depth))
            {
                if (KeyIs(payload, kOff, kLen, "jobId") && payload[vOff] == (byte)'"' && JobsValidation.IsValidJobId(payload, vOff + 1, vLen - 2, false))
                {
                    identity.JobIdOffset = vOff + 1;
                    identity.JobIdLength = vLen - 2;
                }
                else if (KeyIs(payload, kOff, kLen, "executionNumber"))
                {
                    JsonReader.ReadInt64(payload, vOff, vLen, out identity.ExecutionNumber);
                }
                else if (KeyIs(payload, kOff, kLen, "versionNumber"))
                {
                    JsonReader.ReadInt64(payload, vOff, vLen, out identity.VersionNumber);
                }
                else if (KeyIs(payload, kOff, kLen, "status") && payload[vOff] == (byte)'"')
                {
                    identity.Status = JobsNames.ParseStatus(payload, vOff, vLen);
                }
                else if (KeyIs(payload, kOff, kLen, "jobDocument"))
                {
                    identity.DocumentLength = vLen;
                    identity.Problem = Judge(payload, vOff, vLen, depth);
                }
            }

            return identity.HasJobId && identity.Problem != DocumentProblem.None ? JobsResult.Success : JobsResult.UnexpectedContent;
        }

        // The document sits two levels down (reply -> execution -> jobDocument): its own nesting counts from there.
        private static DocumentProblem Judge(byte[] p, int off, int len, int depth)
        {
            if (p[off] != (byte)'{')
            {
                return DocumentProblem.NotAnObject;
            }

            if (depth + 2 > JsonLimits.MaxDepth)
            {
                return DocumentProblem.TooDeep;
            }

            if (len > JsonLimits.MaxDocumentBytes)
            {
                return DocumentProblem.TooLarge;
            }

            int i = off;
            return JsonScanner.SkipValue(p, ref i, off + len) == JsonResult.Success && i == off + len ? DocumentProblem.None : DocumentProblem.Malformed;
        }

        private static bool KeyIs(byte[] p, int kOff, int kLen, string name)
        {
            return AsciiEquals(p, kOff + 1, kLen - 2, name);
        }

        private static bool EnterObject(byte[] p, ref int i, int end)
        {
            JsonScanner.SkipWhitespace(p, ref i, end);
            if (i >= end || p[i] != (byte)'{')
            {
                return false;
            }

            i++;
            return true;
        }

        /// <summary>The next "key": value of the object entered at <paramref name="i"/>; false at its end or on broken structure.</summary>
        private static bool NextMember(byte[] p, ref int i, int end, out int kOff, out int kLen, out int vOff, out int vLen, out int depth)
        {
            kOff = kLen = vOff = vLen = depth = 0;
            JsonScanner.SkipWhitespace(p, ref i, end);
            if (i < end && p[i] == (byte)',')
            {
                i++;
                JsonScanner.SkipWhitespace(p, ref i, end);
            }

            if (i >= end || p[i] != (byte)'"')
            {
                return false;
            }

            kOff = i;
            if (!SkipLooseString(p, ref i, end))
            {
                return false;
            }

            kLen = i - kOff;
            JsonScanner.SkipWhitespace(p, ref i, end);
            if (i >= end || p[i] != (byte)':')
            {
                return false;
            }

            i++;
            JsonScanner.SkipWhitespace(p, ref i, end);
            vOff = i;
            if (!SkipLooseValue(p, ref i, end, out depth))
            {
                return false;
            }

            vLen = i - vOff;
            return vLen > 0;
        }

        private static bool SkipLooseString(byte[] p, ref int i, int end)
        {
            for (int j = i + 1; j < end; j++)
            {
                if (p[j] == (byte)'\\')
                {
                    j++;
                }
                else if (p[j] == (byte)'"')
                {
                    i = j + 1;
                    return true;
                }
            }

            return false;
        }

        /// <summary>Skips one value by its brackets and strings, counting the deepest nesting (1 for a flat object or array).</summary>
        private static bool SkipLooseValue(byte[] p, ref int i, int end, out int depth)
        {
            depth = 0;
            if (i >= end)
            {
                return false;
            }

            byte c = p[i];
            if (c == (byte)'"')
            {
                return SkipLooseString(p, ref i, end);
            }

            if (c != (byte)'{' && c != (byte)'[')
            {
                while (i < end && p[i] != (byte)',' && p[i] != (byte)'}' && p[i] != (byte)']' && p[i] > (byte)' ')
                {
                    i++;
                }

                return true;
            }

            int level = 0;
            while (i < end)
            {
                c = p[i];
                if (c == (byte)'"')
                {
                    if (!SkipLooseString(p, ref i, end))
                    {
                        return false;
                    }

                    continue;
                }

                if (c == (byte)'{' || c == (byte)'[')
                {
                    level++;
                    if (level > depth)
                    {
                        depth = level;
                    }
                }
                else if (c == (byte)'}' || c == (byte)']')
                {
                    level--;
                    if (level == 0)
                    {
                        i++;
                        return true;
                    }
                }

                i++;
            }

            return false;
        }
    }
}
