using System;
using System.Collections.Generic;
using System.Text;

namespace NfDevice.Jobs.Tests.Net.Json
{
    /// <summary>Seeded generator of valid JSON documents and of mutations of them, for the oracle tests.</summary>
    internal sealed class RandomJson
    {
        private readonly Random _random;

        public RandomJson(int seed)
        {
            _random = new Random(seed);
        }

        public Random Random => _random;

        /// <summary>A valid document: an object or array at the top, up to <paramref name="maxDepth"/> levels, unique keys per object.</summary>
        public string Document(int maxDepth)
        {
            var sb = new StringBuilder();
            if (_random.Next(2) == 0)
            {
                Object(sb, maxDepth);
            }
            else
            {
                Array(sb, maxDepth);
            }

            return sb.ToString();
        }

        private void Value(StringBuilder sb, int depth)
        {
            int pick = _random.Next(depth > 0 ? 9 : 7);
            switch (pick)
            {
                case 0: sb.Append(StringToken(RandomText())); break;
                case 1: sb.Append(Integer()); break;
                case 2: sb.Append(Number()); break;
                case 3: sb.Append("true"); break;
                case 4: sb.Append("false"); break;
                case 5: sb.Append("null"); break;
                case 6: sb.Append(StringToken(RandomText())); break;
                case 7: Object(sb, depth - 1); break;
                default: Array(sb, depth - 1); break;
            }
        }

        private void Object(StringBuilder sb, int depth)
        {
            sb.Append('{');
            Ws(sb);
            int n = _random.Next(6);
            var keys = new HashSet<string>();
            for (int i = 0; i < n; i++)
            {
                string key = RandomKey();
                if (!keys.Add(key))
                {
                    continue;
                }

                if (keys.Count > 1)
                {
                    sb.Append(',');
                    Ws(sb);
                }

                sb.Append(StringToken(key));
                Ws(sb);
                sb.Append(':');
                Ws(sb);
                Value(sb, depth);
                Ws(sb);
            }

            sb.Append('}');
        }

        private void Array(StringBuilder sb, int depth)
        {
            sb.Append('[');
            Ws(sb);
            int n = _random.Next(6);
            for (int i = 0; i < n; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                    Ws(sb);
                }

                Value(sb, depth);
                Ws(sb);
            }

            sb.Append(']');
        }

        private void Ws(StringBuilder sb)
        {
            if (_random.Next(4) == 0)
            {
                sb.Append(" \t\r\n"[_random.Next(4)]);
            }
        }

        private string Integer()
        {
            switch (_random.Next(6))
            {
                case 0: return "0";
                case 1: return "-" + _random.Next(1, 1000).ToString();
                case 2: return long.MaxValue.ToString();
                case 3: return long.MinValue.ToString();
                case 4: return "9223372036854775808";
                default: return _random.NextInt64(0, long.MaxValue).ToString();
            }
        }

        private string Number()
        {
            var sb = new StringBuilder();
            if (_random.Next(2) == 0)
            {
                sb.Append('-');
            }

            sb.Append(_random.Next(2) == 0 ? "0" : _random.Next(1, 100000).ToString());
            if (_random.Next(2) == 0)
            {
                sb.Append('.').Append(_random.Next(0, 1000).ToString());
            }

            if (_random.Next(3) == 0)
            {
                sb.Append("eE"[_random.Next(2)]);
                if (_random.Next(2) == 0)
                {
                    sb.Append("+-"[_random.Next(2)]);
                }

                sb.Append(_random.Next(0, 30).ToString());
            }

            return sb.ToString();
        }

        /// <summary>Keys without '.' or '[' so they can be used in paths.</summary>
        private string RandomKey()
        {
            string text = RandomText();
            return text.Replace(".", "_").Replace("[", "_");
        }

        /// <summary>Text with ASCII, controls, quotes, backslashes, BMP and supplementary characters.</summary>
        public string RandomText()
        {
            int n = _random.Next(0, 12);
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                switch (_random.Next(8))
                {
                    case 0: sb.Append((char)_random.Next(0, 0x20)); break;
                    case 1: sb.Append("\"\\/"[_random.Next(3)]); break;
                    case 2: sb.Append((char)_random.Next(0x80, 0x800)); break;
                    case 3: sb.Append((char)_random.Next(0x800, 0xD800)); break;
                    case 4: sb.Append(char.ConvertFromUtf32(_random.Next(0x10000, 0x110000))); break;
                    case 5: sb.Append((char)_random.Next(0xE000, 0x10000)); break;
                    default: sb.Append((char)_random.Next(0x20, 0x7F)); break;
                }
            }

            return sb.ToString();
        }

        /// <summary>A JSON string token for <paramref name="text"/>, escaping randomly (short forms, \u, or raw).</summary>
        public string StringToken(string text)
        {
            var sb = new StringBuilder("\"");
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (char.IsHighSurrogate(c) && i + 1 < text.Length)
                {
                    // A pair is escaped as a whole or not at all, so the document never holds half a character.
                    if (_random.Next(3) == 0)
                    {
                        sb.Append("\\u").Append(((int)c).ToString("X4")).Append("\\u").Append(((int)text[i + 1]).ToString("x4"));
                    }
                    else
                    {
                        sb.Append(c).Append(text[i + 1]);
                    }

                    i++;
                    continue;
                }

                bool mustEscape = c < 0x20 || c == '"' || c == '\\';
                if (mustEscape || _random.Next(6) == 0)
                {
                    switch (c)
                    {
                        case '"': sb.Append("\\\""); break;
                        case '\\': sb.Append("\\\\"); break;
                        case '\n' when _random.Next(2) == 0: sb.Append("\\n"); break;
                        case '\t' when _random.Next(2) == 0: sb.Append("\\t"); break;
                        case '/' when _random.Next(2) == 0: sb.Append("\\/"); break;
                        default: sb.Append("\\u").Append(((int)c).ToString(_random.Next(2) == 0 ? "x4" : "X4")); break;
                    }
                }
                else
                {
                    sb.Append(c);
                }
            }

            return sb.Append('"').ToString();
        }

        /// <summary>A mutation of <paramref name="doc"/>: flip, insert, delete, duplicate or truncate.</summary>
        public byte[] Mutate(byte[] doc)
        {
            var list = new List<byte>(doc);
            int edits = _random.Next(1, 4);
            for (int e = 0; e < edits; e++)
            {
                int at = list.Count == 0 ? 0 : _random.Next(list.Count);
                switch (_random.Next(6))
                {
                    case 0:
                        if (list.Count > 0)
                        {
                            list[at] = InterestingByte();
                        }

                        break;
                    case 1:
                        list.Insert(at, InterestingByte());
                        break;
                    case 2:
                        if (list.Count > 0)
                        {
                            list.RemoveAt(at);
                        }

                        break;
                    case 3:
                        if (list.Count > 0)
                        {
                            list[at] ^= (byte)(1 << _random.Next(8));
                        }

                        break;
                    case 4:
                        list.RemoveRange(at, list.Count - at);
                        break;
                    default:
                        if (list.Count > 0)
                        {
                            int len = Math.Min(_random.Next(1, 8), list.Count - at);
                            list.InsertRange(_random.Next(list.Count), list.GetRange(at, len));
                        }

                        break;
                }
            }

            return list.ToArray();
        }

        private byte InterestingByte()
        {
            const string structural = "{}[],:\"\\ 0123456789-+.eEtfnrulasu";
            switch (_random.Next(4))
            {
                case 0: return (byte)_random.Next(256);
                case 1: return (byte)_random.Next(0x80, 0x100);
                default: return (byte)structural[_random.Next(structural.Length)];
            }
        }
    }
}
