using NfDevice.Jobs.Platform;

namespace NfDevice.Jobs.Update
{
    /// <summary>What the downloader does with a response to a ranged GET.</summary>
    public enum RangeVerdict
    {
        /// <summary>206 with exactly the range asked for: read the body.</summary>
        Accept = 0,
        /// <summary>200: the server ignored Range and sends the whole image from byte 0.</summary>
        WholeImage = 1,
        /// <summary>416: the range does not fit the object; start again from zero.</summary>
        Restart = 2,
        /// <summary>403: the presigned URL expired or was re-signed; fetch the job document again.</summary>
        UrlExpired = 3,
        /// <summary>No response, 5xx, 429 or a 206 whose range is not what was asked: try again later.</summary>
        Retry = 4,
        /// <summary>Any other status (404, 400...): the download cannot succeed.</summary>
        Fail = 5,
        /// <summary>The server's object has another size than the document says (Content-Range total, or a 200's length): fail at once, reason size.</summary>
        WrongSize = 6,
    }

    /// <summary>
    /// Checks a response head against the request (RFC 9110 §14.4 Content-Range, §15.3.7 206). Every
    /// 206 must carry exactly the requested range and the image's complete length.
    /// </summary>
    public static class RangeCheck
    {
        /// <summary>Classifies <paramref name="response"/> to "bytes=<paramref name="from"/>-<paramref name="to"/>" of an image of <paramref name="imageSize"/> bytes.</summary>
        public static RangeVerdict Classify(HttpRangeResponse response, long from, long to, long imageSize)
        {
            int status = response.StatusCode;
            if (status == 206)
            {
                if (response.RangeTotal != -1 && response.RangeTotal != imageSize)
                {
                    return RangeVerdict.WrongSize; // no retry can fix a wrong image.size in the document
                }

                bool exact = response.RangeStart == from && response.RangeEnd == to
                    && (response.RangeTotal == imageSize || response.RangeTotal == -1)
                    && (response.ContentLength == -1 || response.ContentLength == to - from + 1);
                return exact ? RangeVerdict.Accept : RangeVerdict.Retry;
            }

            if (status == 200)
            {
                return response.ContentLength == -1 || response.ContentLength == imageSize ? RangeVerdict.WholeImage : RangeVerdict.WrongSize;
            }

            if (status == 416)
            {
                return RangeVerdict.Restart;
            }

            if (status == 403)
            {
                return RangeVerdict.UrlExpired;
            }

            if (status == 0 || status == 408 || status == 429 || status >= 500)
            {
                return RangeVerdict.Retry;
            }

            return RangeVerdict.Fail;
        }
    }
}
