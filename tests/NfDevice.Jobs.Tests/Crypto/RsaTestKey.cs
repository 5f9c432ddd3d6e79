namespace NfDevice.Jobs.Tests.Crypto
{
    /// <summary>
    /// The RSA test key and signature, in a file without a test class: the nanoCLR build compiles the shared tests in
    /// parts, and data that tests of several classes use (RsaVerifierTests, the device figures) must sit outside them.
    /// </summary>
    public static class RsaTestKey
    {
        // A 2048-bit key (e = 65537) and its RSASSA-PKCS1-v1_5 SHA-256 signature of "nf-device",
        // generated once with Python's cryptography package (OpenSSL) for this test.
        public const string Modulus =
            "be6096459e397dd14854b15db5ef888c1fa784c4410cd225ad4448fc7bb211ad182e9241b5c0fdb440d84c512cc356347a63cd665ea3bf93eacd63b8d1d8aca7"
            + "09570f6e8f7a29b8006c4edd8ad99e05b872cb8ed428207f1c5d8ad44173c90ed794d2be764aa089b1fcefb4e825e98e6446d656296f388d924724bb4a5a8093"
            + "1f694a656171b8dcade17455955b91df6500d94428d6b15b02e705aed101e30476132513c449c4492b0e6f8ce0791d3b8e3f3e65725c57653c311a63c59e70bf"
            + "f9e601f017637334837a3ee7977290fbff63876f7b28ba055754d9337fbde9138733e02026b418a37bc9ea5c9d379c9e0479fe693f8e1def3d7d93be84095b03";

        public const string Signature =
            "332007f06bce71177f641b61424eeb13c7dc3ebcc14dc9840e20a4af349df34d63af9fef312a9e294a3593cf925a43c736b542e573b0cd3af684f27464836123"
            + "b1e2a8ddb24ef6e5038059a77e42028d41e151db4eaf12dfc81d4be5c2b71efd1eb273cc2281e95b332171d1ca7a69d6517a734c466557271cbd15c9520bd067"
            + "b9ab25b1918a9f488d0587fe8a6d0bc64bf236613bb50057181213ba6da84e802e0168b723600b7425e25d0a9a17bdaa57f8b1369e4dfc8914524378c5d84cbd"
            + "af507e72dfdddb17e4f895c69eeee35d3026fb68bbafba0e87650d38aae722c984ddb552e68c9d5895a978ff1ffcf74dd72a923a10625de8c38bff23c6e6f0fe";
    }
}
