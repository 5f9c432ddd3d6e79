namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// A point of P-256 in Jacobian projective coordinates: (X, Y, Z) stands for the affine point
    /// (X / Z^2, Y / Z^3); Z = 0 is the point at infinity. Coordinates are field elements (uint[8]).
    /// </summary>
    public sealed class P256Point
    {
        /// <summary>X coordinate.</summary>
        public readonly uint[] X = new uint[8];

        /// <summary>Y coordinate.</summary>
        public readonly uint[] Y = new uint[8];

        /// <summary>Z coordinate; zero for the point at infinity.</summary>
        public readonly uint[] Z = new uint[8];

        /// <summary>True for the point at infinity.</summary>
        public bool IsInfinity
        {
            get { return Nat256.IsZero(Z); }
        }

        /// <summary>Sets this point to the point at infinity (1, 1, 0).</summary>
        public void SetInfinity()
        {
            Nat256.SetSmall(1, X);
            Nat256.SetSmall(1, Y);
            Nat256.SetSmall(0, Z);
        }

        /// <summary>Sets this point to the affine point (x, y), that is (x, y, 1).</summary>
        public void SetAffine(uint[] x, uint[] y)
        {
            Nat256.Copy(x, X);
            Nat256.Copy(y, Y);
            Nat256.SetSmall(1, Z);
        }

        /// <summary>Copies <paramref name="other"/> into this point.</summary>
        public void Set(P256Point other)
        {
            Nat256.Copy(other.X, X);
            Nat256.Copy(other.Y, Y);
            Nat256.Copy(other.Z, Z);
        }
    }
}
