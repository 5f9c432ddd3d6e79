using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Protocol
{
    /// <summary>
    /// The statusDetails map of a request: at most <see cref="JobsLimits.MaxStatusDetailsPairs"/> pairs, each
    /// checked when set, kept in insertion order (the order they are written). Fixed capacity, reusable
    /// (<see cref="Clear"/>), no generics.
    /// </summary>
    public sealed class StatusDetails
    {
        private readonly string[] _keys = new string[JobsLimits.MaxStatusDetailsPairs];
        private readonly string[] _values = new string[JobsLimits.MaxStatusDetailsPairs];
        private int _count;

        /// <summary>An empty map.</summary>
        public StatusDetails()
        {
            // On nanoCLR the elements of a fresh string[] are not null (nanoFramework Home#1545): clear them explicitly.
            for (int i = 0; i < _keys.Length; i++)
            {
                _keys[i] = null;
                _values[i] = null;
            }
        }

        /// <summary>Number of pairs.</summary>
        public int Count
        {
            get { return _count; }
        }

        /// <summary>Removes every pair.</summary>
        public void Clear()
        {
            for (int i = 0; i < _count; i++)
            {
                _keys[i] = null;
                _values[i] = null;
            }

            _count = 0;
        }

        /// <summary>
        /// Adds or replaces a pair. The key must be 1-128 of [a-zA-Z0-9:_-], the value 1-1024 characters
        /// without control characters (reference §1.3); otherwise nothing changes.
        /// </summary>
        public JobsResult Set(string key, string value)
        {
            if (!JobsValidation.IsValidStatusDetailsKey(key) || !JobsValidation.IsValidStatusDetailsValue(value))
            {
                return JobsResult.InvalidStatusDetails;
            }

            int i = IndexOf(key);
            if (i >= 0)
            {
                _values[i] = value;
                return JobsResult.Success;
            }

            if (_count == _keys.Length)
            {
                return JobsResult.TooManyStatusDetails;
            }

            _keys[_count] = key;
            _values[_count] = value;
            _count++;
            return JobsResult.Success;
        }

        /// <summary>
        /// As <see cref="Set"/>, but first makes any text acceptable: characters AWS refuses become '?', an empty
        /// value becomes "-", and the value is cut to 1024 characters (as the AWS IoT Device Client does,
        /// MAX_STATUS_DETAIL_LENGTH). For free text such as exception messages; allocates a new string when it changes.
        /// </summary>
        public JobsResult SetSanitized(string key, string value)
        {
            return Set(key, Sanitize(value));
        }

        /// <summary>Removes the pair with <paramref name="key"/>; false if there was none.</summary>
        public bool Remove(string key)
        {
            int i = IndexOf(key);
            if (i < 0)
            {
                return false;
            }

            for (int k = i + 1; k < _count; k++)
            {
                _keys[k - 1] = _keys[k];
                _values[k - 1] = _values[k];
            }

            _count--;
            _keys[_count] = null;
            _values[_count] = null;
            return true;
        }

        /// <summary>The value for <paramref name="key"/>, or null.</summary>
        public string Get(string key)
        {
            int i = IndexOf(key);
            return i < 0 ? null : _values[i];
        }

        /// <summary>Key of pair <paramref name="index"/> (0-based, insertion order); null out of range.</summary>
        public string KeyAt(int index)
        {
            return (index >= 0 && index < _count) ? _keys[index] : null;
        }

        /// <summary>Value of pair <paramref name="index"/>; null out of range.</summary>
        public string ValueAt(int index)
        {
            return (index >= 0 && index < _count) ? _values[index] : null;
        }

        /// <summary>Copies every pair of <paramref name="other"/> into this map (replacing equal keys).</summary>
        public JobsResult CopyFrom(StatusDetails other)
        {
            if (other == null)
            {
                return JobsResult.BadParameter;
            }

            for (int i = 0; i < other._count; i++)
            {
                JobsResult r = Set(other._keys[i], other._values[i]);
                if (r != JobsResult.Success)
                {
                    return r;
                }
            }

            return JobsResult.Success;
        }

        /// <summary>Writes the map as a JSON object value (the caller has written the property name).</summary>
        public JsonResult WriteTo(JsonWriter writer)
        {
            writer.BeginObject();
            for (int i = 0; i < _count; i++)
            {
                writer.String(_keys[i], _values[i]);
            }

            return writer.EndObject();
        }

        private int IndexOf(string key)
        {
            for (int i = 0; i < _count; i++)
            {
                if (_keys[i] == key)
                {
                    return i;
                }
            }

            return -1;
        }

        private static string Sanitize(string value)
        {
            if (value == null)
            {
                return "-";
            }

            var chars = JsonText.Chars(value);
            int n = chars.Length;
            if (n == 0)
            {
                return "-";
            }

            if (JobsValidation.IsValidStatusDetailsValue(value))
            {
                return value;
            }

            System.Text.StringBuilder sb = new System.Text.StringBuilder();
            int i = 0;
            int count = 0;
            while (i < n && count < JobsLimits.MaxStatusDetailsValueLength)
            {
                int start = i;
                int cp = JsonText.NextCodePoint(chars, ref i, n);
                if (JobsValidation.IsOtherCategory(cp))
                {
                    sb.Append('?');
                }
                else if (cp == JsonText.Replacement)
                {
                    sb.Append((char)JsonText.Replacement); // an unpaired surrogate, as nanoFramework would hold it
                }
                else
                {
                    for (int k = start; k < i; k++)
                    {
                        sb.Append(chars[k]);
                    }
                }

                count++;
            }

            return sb.ToString();
        }
    }
}
