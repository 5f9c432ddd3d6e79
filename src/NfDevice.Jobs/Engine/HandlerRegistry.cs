using System.Collections;
using NfDevice.Jobs.Json;

namespace NfDevice.Jobs.Engine
{
    /// <summary>Handlers keyed by the job document's <c>operation</c>, plus recognizers for known formats without one.</summary>
    public sealed class HandlerRegistry
    {
        private readonly Hashtable _handlers = new Hashtable();
        private readonly ArrayList _formats = new ArrayList();

        /// <summary>Adds <paramref name="handler"/>, replacing one registered for the same operation. Returns false for a null handler or operation.</summary>
        public bool Register(IJobHandler handler)
        {
            if (handler == null || handler.Operation == null || handler.Operation.Length == 0)
            {
                return false;
            }

            _handlers[handler.Operation] = handler;
            return true;
        }

        /// <summary>Adds a recognizer, asked in order of registration when a document has no <c>operation</c>.</summary>
        public void RegisterFormat(IJobFormat format)
        {
            if (format != null)
            {
                _formats.Add(format);
            }
        }

        /// <summary>Calls <see cref="IJobLeftovers.DiscardLeftovers"/> on every registered handler that keeps durable state; an exception is passed on.</summary>
        public void DiscardLeftovers(string jobId)
        {
            foreach (object handler in _handlers.Values)
            {
                IJobLeftovers leftovers = handler as IJobLeftovers;
                if (leftovers != null)
                {
                    leftovers.DiscardLeftovers(jobId);
                }
            }
        }

        /// <summary>The handler registered for <paramref name="operation"/>, or null.</summary>
        public IJobHandler Get(string operation)
        {
            return operation == null ? null : (IJobHandler)_handlers[operation];
        }

        /// <summary>
        /// Finds the operation of a job document: its <c>operation</c> string, or what a registered format names.
        /// Returns <see cref="EngineReason.None"/> with the operation, or why there is none (InvalidDocument,
        /// UnknownOperation when no member and no format fits).
        /// </summary>
        public EngineReason FindOperation(byte[] document, int offset, int count, out string operation)
        {
            operation = null;
            int valueOffset;
            int valueLength;
            JsonValueType type;
            if (document == null || count <= 0 || JsonScanner.TypeAt(document, SkipWs(document, offset, offset + count), offset + count) != JsonValueType.Object)
            {
                return EngineReason.InvalidDocument;
            }

            JsonResult r = JsonScanner.Find(document, offset, count, "operation", out valueOffset, out valueLength, out type);
            if (r == JsonResult.Success)
            {
                if (type != JsonValueType.String || JsonReader.ReadString(document, valueOffset, valueLength, out operation) != JsonResult.Success)
                {
                    operation = null;
                    return EngineReason.InvalidDocument;
                }

                return EngineReason.None;
            }

            if (r != JsonResult.NotFound)
            {
                return EngineReason.InvalidDocument;
            }

            for (int i = 0; i < _formats.Count; i++)
            {
                operation = ((IJobFormat)_formats[i]).Recognize(document, offset, count);
                if (operation != null)
                {
                    return EngineReason.None;
                }
            }

            return EngineReason.UnknownOperation;
        }

        private static int SkipWs(byte[] b, int index, int end)
        {
            JsonScanner.SkipWhitespace(b, ref index, end);
            return index;
        }
    }
}
