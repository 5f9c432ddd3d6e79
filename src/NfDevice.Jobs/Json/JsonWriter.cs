namespace NfDevice.Jobs.Json
{
    /// <summary>
    /// Builds a JSON document into a caller-supplied byte range. No allocation per call (except a string written
    /// within three times its length of the range's end, which is encoded aside first). The first failure
    /// (<see cref="JsonResult.BufferTooSmall"/>, or <see cref="JsonResult.Illegal"/> for calls out of order)
    /// sticks: later calls do nothing and return it, so a caller may write everything and check
    /// <see cref="Result"/> once. Never throws on overflow.
    /// </summary>
    public sealed class JsonWriter
    {
        // The literals as bytes: copying them costs no string indexing (O(n) per character on nanoCLR).
        private static readonly byte[] TrueBytes = { (byte)'t', (byte)'r', (byte)'u', (byte)'e' };
        private static readonly byte[] FalseBytes = { (byte)'f', (byte)'a', (byte)'l', (byte)'s', (byte)'e' };
        private static readonly byte[] NullBytes = { (byte)'n', (byte)'u', (byte)'l', (byte)'l' };
        private static readonly byte[] HexDigits = { (byte)'0', (byte)'1', (byte)'2', (byte)'3', (byte)'4', (byte)'5', (byte)'6', (byte)'7', (byte)'8', (byte)'9', (byte)'a', (byte)'b', (byte)'c', (byte)'d', (byte)'e', (byte)'f' };

        private byte[] _buffer;
        private int _start;
        private int _end;
        private int _pos;
        private int _depth;
        private ulong _arrays;     // bit d set: level d is an array
        private ulong _nonEmpty;   // bit d set: level d already holds an entry (a comma is due)
        private bool _afterName;   // a property name was written; its value is due
        private bool _done;        // the top-level value is complete
        private JsonResult _result;

        /// <summary>A writer over <paramref name="count"/> bytes of <paramref name="buffer"/> from <paramref name="offset"/>.</summary>
        public JsonWriter(byte[] buffer, int offset, int count)
        {
            Reset(buffer, offset, count);
        }

        /// <summary>Starts a new document in the given range (reuse one writer for many requests).</summary>
        public void Reset(byte[] buffer, int offset, int count)
        {
            _buffer = buffer;
            _start = offset;
            _end = offset + count;
            _pos = offset;
            _depth = 0;
            _arrays = 0;
            _nonEmpty = 0;
            _afterName = false;
            _done = false;
            _result = JsonResult.Success;
            if (buffer == null || offset < 0 || count < 0 || offset > buffer.Length || count > buffer.Length - offset)
            {
                _buffer = null;
                _start = 0;
                _end = 0;
                _pos = 0;
                _result = JsonResult.Illegal;
            }
        }

        /// <summary>Success so far, or the first failure.</summary>
        public JsonResult Result
        {
            get { return _result; }
        }

        /// <summary>Where the document starts in the buffer.</summary>
        public int Offset
        {
            get { return _start; }
        }

        /// <summary>Bytes written so far.</summary>
        public int Length
        {
            get { return _pos - _start; }
        }

        /// <summary>True when one complete top-level value has been written and nothing failed.</summary>
        public bool IsComplete
        {
            get { return _done && _result == JsonResult.Success; }
        }

        /// <summary>Writes <c>{</c>.</summary>
        public JsonResult BeginObject()
        {
            return Open((byte)'{', false);
        }

        /// <summary>Writes <c>}</c>.</summary>
        public JsonResult EndObject()
        {
            return Close((byte)'}', false);
        }

        /// <summary>Writes <c>[</c>.</summary>
        public JsonResult BeginArray()
        {
            return Open((byte)'[', true);
        }

        /// <summary>Writes <c>]</c>.</summary>
        public JsonResult EndArray()
        {
            return Close((byte)']', true);
        }

        /// <summary>Writes a member name and the colon (inside an object only).</summary>
        public JsonResult PropertyName(string name)
        {
            if (_result != JsonResult.Success)
            {
                return _result;
            }

            if (_depth == 0 || InArray() || _afterName || name == null)
            {
                return Fail(JsonResult.Illegal);
            }

            int mark = _pos;
            if (!Comma())
            {
                return Rollback(mark);
            }

            JsonResult r = WriteQuoted(name);
            if (r != JsonResult.Success)
            {
                return Rollback(mark, r);
            }

            if (!Put((byte)':'))
            {
                return Rollback(mark);
            }

            _afterName = true;
            return JsonResult.Success;
        }

        /// <summary>Writes a string value with RFC 8259 §7 escaping: quote, backslash, control characters; non-ASCII as UTF-8.</summary>
        public JsonResult StringValue(string value)
        {
            if (value == null)
            {
                return NullValue();
            }

            int mark;
            if (!BeforeValue(out mark))
            {
                return _result;
            }

            JsonResult r = WriteQuoted(value);
            return r != JsonResult.Success ? Rollback(mark, r) : AfterValue();
        }

        /// <summary>Writes an integer in decimal.</summary>
        public JsonResult Int64Value(long value)
        {
            int mark;
            if (!BeforeValue(out mark))
            {
                return _result;
            }

            // Digits are produced from the low end; work with the negative magnitude so long.MinValue fits.
            long v = value > 0 ? -value : value;
            int digits = 1;
            for (long t = v / 10; t != 0; t /= 10)
            {
                digits++;
            }

            int n = digits + (value < 0 ? 1 : 0);
            if (_end - _pos < n)
            {
                return Rollback(mark);
            }

            if (value < 0)
            {
                _buffer[_pos] = (byte)'-';
            }

            int k = _pos + n - 1;
            do
            {
                _buffer[k--] = (byte)('0' - (int)(v % 10));
                v /= 10;
            }
            while (v != 0);

            _pos += n;
            return AfterValue();
        }

        /// <summary>Writes <c>true</c> or <c>false</c>.</summary>
        public JsonResult BooleanValue(bool value)
        {
            return Literal(value ? TrueBytes : FalseBytes);
        }

        /// <summary>Writes <c>null</c>.</summary>
        public JsonResult NullValue()
        {
            return Literal(NullBytes);
        }

        /// <summary>
        /// Copies one complete JSON value verbatim (e.g. a job document or statusDetails object taken from a
        /// reply). The source is validated first, so the writer never emits invalid JSON.
        /// </summary>
        public JsonResult RawValue(byte[] source, int offset, int count)
        {
            if (_result != JsonResult.Success)
            {
                return _result;
            }

            JsonResult v = JsonScanner.Validate(source, offset, count, JsonLimits.MaxPayloadBytes);
            if (v != JsonResult.Success)
            {
                return Fail(v == JsonResult.TooLarge ? JsonResult.TooLarge : JsonResult.Illegal);
            }

            int mark;
            if (!BeforeValue(out mark))
            {
                return _result;
            }

            if (_end - _pos < count)
            {
                return Rollback(mark);
            }

            System.Array.Copy(source, offset, _buffer, _pos, count);
            _pos += count;
            return AfterValue();
        }

        /// <summary>Writes <c>"name":"value"</c>.</summary>
        public JsonResult String(string name, string value)
        {
            JsonResult r = PropertyName(name);
            return r != JsonResult.Success ? r : StringValue(value);
        }

        /// <summary>Writes <c>"name":value</c> for an integer.</summary>
        public JsonResult Int64(string name, long value)
        {
            JsonResult r = PropertyName(name);
            return r != JsonResult.Success ? r : Int64Value(value);
        }

        /// <summary>Writes <c>"name":true|false</c>.</summary>
        public JsonResult Boolean(string name, bool value)
        {
            JsonResult r = PropertyName(name);
            return r != JsonResult.Success ? r : BooleanValue(value);
        }

        /// <summary>Writes <c>"name":</c> followed by a copy of a validated JSON value.</summary>
        public JsonResult Raw(string name, byte[] source, int offset, int count)
        {
            JsonResult r = PropertyName(name);
            return r != JsonResult.Success ? r : RawValue(source, offset, count);
        }

        private JsonResult Literal(byte[] word)
        {
            int mark;
            if (!BeforeValue(out mark))
            {
                return _result;
            }

            if (_end - _pos < word.Length)
            {
                return Rollback(mark);
            }

            System.Array.Copy(word, 0, _buffer, _pos, word.Length);
            _pos += word.Length;
            return AfterValue();
        }

        private JsonResult Open(byte bracket, bool isArray)
        {
            int mark;
            if (!BeforeValue(out mark))
            {
                return _result;
            }

            if (_depth == JsonLimits.MaxDepth)
            {
                _pos = mark;
                return Fail(JsonResult.TooDeep);
            }

            if (!Put(bracket))
            {
                return Rollback(mark);
            }

            ulong bit = 1UL << _depth;
            _arrays = isArray ? (_arrays | bit) : (_arrays & ~bit);
            _nonEmpty &= ~bit;
            _depth++;
            _afterName = false;
            return JsonResult.Success;
        }

        private JsonResult Close(byte bracket, bool isArray)
        {
            if (_result != JsonResult.Success)
            {
                return _result;
            }

            if (_depth == 0 || InArray() != isArray || _afterName)
            {
                return Fail(JsonResult.Illegal);
            }

            if (!Put(bracket))
            {
                return Fail(JsonResult.BufferTooSmall);
            }

            _depth--;
            return AfterValue();
        }

        private bool InArray()
        {
            return _depth > 0 && (_arrays & (1UL << (_depth - 1))) != 0;
        }

        /// <summary>Checks a value may come here and writes the separating comma inside arrays.</summary>
        private bool BeforeValue(out int mark)
        {
            mark = _pos;
            if (_result != JsonResult.Success)
            {
                return false;
            }

            if (_done || (_depth > 0 && !InArray() && !_afterName))
            {
                Fail(JsonResult.Illegal);
                return false;
            }

            if (InArray() && !Comma())
            {
                Rollback(mark);
                return false;
            }

            return true;
        }

        private JsonResult AfterValue()
        {
            _afterName = false;
            if (_depth == 0)
            {
                _done = true;
            }
            else
            {
                _nonEmpty |= 1UL << (_depth - 1);
            }

            return JsonResult.Success;
        }

        private bool Comma()
        {
            if ((_nonEmpty & (1UL << (_depth - 1))) == 0)
            {
                return true;
            }

            return Put((byte)',');
        }

        private bool Put(byte b)
        {
            if (_pos >= _end)
            {
                return false;
            }

            _buffer[_pos++] = b;
            return true;
        }

        private JsonResult Rollback(int mark)
        {
            return Rollback(mark, JsonResult.BufferTooSmall);
        }

        private JsonResult Rollback(int mark, JsonResult r)
        {
            _pos = mark;
            return Fail(r);
        }

        private JsonResult Fail(JsonResult r)
        {
            if (_result == JsonResult.Success)
            {
                _result = r;
            }

            return _result;
        }

        /// <summary>
        /// Writes a quoted, escaped string. The text is taken as its UTF-8 encoding, made in one pass by the runtime's
        /// encoder straight into the buffer (a string's characters are never indexed: that is O(n) per character on
        /// nanoCLR, and its indexer cannot return the low half of a surrogate pair); then quote, backslash and control
        /// characters are escaped in place, from the end. An unpaired surrogate is written as U+FFFD on both runtimes:
        /// nanoCLR's strings cannot hold one, and .NET's encoder replaces it.
        /// </summary>
        private JsonResult WriteQuoted(string text)
        {
            int n = text.Length;
            int body = _pos + 1;
            int room = _end - body - 1; // the closing quote stays reserved
            if (room < 0)
            {
                return JsonResult.BufferTooSmall;
            }

            int count;
            if (n <= room / 3)
            {
                // One UTF-16 code unit encodes to at most three bytes, so the encoding fits here.
                count = System.Text.Encoding.UTF8.GetBytes(text, 0, n, _buffer, body);
            }
            else
            {
                // Near the end of the buffer: encode aside (the only allocation of the writer), then copy if it fits.
                byte[] aside = System.Text.Encoding.UTF8.GetBytes(text);
                count = aside.Length;
                if (count > room)
                {
                    return JsonResult.BufferTooSmall;
                }

                System.Array.Copy(aside, 0, _buffer, body, count);
            }

            int extra = 0;
            for (int k = body; k < body + count; k++)
            {
                byte b = _buffer[k];
                if (b == (byte)'"' || b == (byte)'\\')
                {
                    extra++;
                }
                else if (b < 0x20)
                {
                    extra += ShortEscape(b) != 0 ? 1 : 5;
                }
            }

            if (count + extra > room)
            {
                return JsonResult.BufferTooSmall;
            }

            // Move right to left: once the write position meets the read position, no escape is left before it.
            int src = body + count - 1;
            int dst = src + extra;
            while (dst > src)
            {
                byte b = _buffer[src--];
                if (b == (byte)'"' || b == (byte)'\\')
                {
                    _buffer[dst--] = b;
                    _buffer[dst--] = (byte)'\\';
                }
                else if (b < 0x20)
                {
                    dst = WriteControlBackwards(b, dst);
                }
                else
                {
                    _buffer[dst--] = b;
                }
            }

            _buffer[_pos] = (byte)'"';
            _pos = body + count + extra;
            _buffer[_pos++] = (byte)'"';
            return JsonResult.Success;
        }

        /// <summary>RFC 8259 §7: the letter of the two-character escape of a control character, or 0 when it has none.</summary>
        private static byte ShortEscape(int b)
        {
            switch (b)
            {
                case 0x08: return (byte)'b';
                case 0x09: return (byte)'t';
                case 0x0A: return (byte)'n';
                case 0x0C: return (byte)'f';
                case 0x0D: return (byte)'r';
                default: return 0;
            }
        }

        /// <summary>Writes the escape of control character <paramref name="b"/> ending at <paramref name="dst"/>; returns the index before it.</summary>
        private int WriteControlBackwards(byte b, int dst)
        {
            byte shortForm = ShortEscape(b);
            if (shortForm != 0)
            {
                _buffer[dst--] = shortForm;
                _buffer[dst--] = (byte)'\\';
                return dst;
            }

            _buffer[dst--] = HexDigits[b & 0xF];
            _buffer[dst--] = HexDigits[b >> 4];
            _buffer[dst--] = (byte)'0';
            _buffer[dst--] = (byte)'0';
            _buffer[dst--] = (byte)'u';
            _buffer[dst--] = (byte)'\\';
            return dst;
        }
    }
}
