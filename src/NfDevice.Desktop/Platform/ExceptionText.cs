using System;

namespace NfDevice.Desktop.Platform
{
    /// <summary>An exception as one line for a log or a job's status detail.</summary>
    internal static class ExceptionText
    {
        /// <summary>
        /// "Type: message", and when it wraps another, " (Type: message)" of the innermost cause: MQTTnet reports a refused
        /// broker as "Error while connecting host …" and HttpClient a TLS failure as "The SSL connection could not be
        /// established, see inner exception."; only the cause says which. .NET names at most a host and port in these,
        /// never a URL's path or query (a presigned URL's credentials).
        /// </summary>
        public static string WithCause(Exception e)
        {
            while (e.InnerException != null && (e is AggregateException || e.Message.Length == 0)) e = e.InnerException;
            string text = e.GetType().Name + ": " + e.Message;
            Exception cause = e.GetBaseException();
            return cause == e || cause.Message.Length == 0 ? text : text + " (" + cause.GetType().Name + ": " + cause.Message + ")";
        }
    }
}
