namespace NfDevice.Jobs.Crypto
{
    /// <summary>
    /// The curve y^2 = x^3 - 3x + b over the P-256 field (SEC 2 §2.4.2): membership test, doubling and
    /// mixed addition in Jacobian coordinates (formulas of the Explicit-Formulas Database,
    /// "dbl-2001-b" and "madd"), and conversion to affine. One instance owns its scratch; no
    /// operation allocates. Not thread-safe.
    /// </summary>
    public sealed class P256Curve
    {
        /// <summary>The coefficient b.</summary>
        public static readonly uint[] B =
        {
            0x27D2604B, 0x3BCE3C3E, 0xCC53B0F6, 0x651D06B0, 0x769886BC, 0xB3EBBD55, 0xAA3A93E7, 0x5AC635D8,
        };

        /// <summary>x coordinate of the base point G.</summary>
        public static readonly uint[] GX =
        {
            0xD898C296, 0xF4A13945, 0x2DEB33A0, 0x77037D81, 0x63A440F2, 0xF8BCE6E5, 0xE12C4247, 0x6B17D1F2,
        };

        /// <summary>y coordinate of the base point G.</summary>
        public static readonly uint[] GY =
        {
            0x37BF51F5, 0xCBB64068, 0x6B315ECE, 0x2BCE3357, 0x7C0F9E16, 0x8EE7EB4A, 0xFE1A7F9B, 0x4FE342E2,
        };

        private readonly uint[] _t0 = new uint[8];
        private readonly uint[] _t1 = new uint[8];
        private readonly uint[] _t2 = new uint[8];
        private readonly uint[] _t3 = new uint[8];
        private readonly uint[] _t4 = new uint[8];
        private readonly uint[] _t5 = new uint[8];
        private readonly uint[] _t6 = new uint[8];

        /// <summary>True when x, y &lt; p and y^2 = x^3 - 3x + b (mod p).</summary>
        public bool IsOnCurve(uint[] x, uint[] y)
        {
            if (Nat256.Compare(x, P256Field.P) >= 0 || Nat256.Compare(y, P256Field.P) >= 0)
            {
                return false;
            }

            uint[] lhs = _t0, rhs = _t1, t = _t2;
            P256Field.Square(y, lhs);
            P256Field.Square(x, rhs);
            Nat256.SetSmall(3, t);
            P256Field.Subtract(rhs, t, rhs);
            P256Field.Multiply(rhs, x, rhs);
            P256Field.Add(rhs, B, rhs);
            return Nat256.Compare(lhs, rhs) == 0;
        }

        /// <summary>P3 = 2 P1 (a = -3, 3M + 5S); P3 may be P1.</summary>
        public void Double(P256Point p1, P256Point p3)
        {
            if (p1.IsInfinity)
            {
                p3.SetInfinity();
                return;
            }

            uint[] delta = _t0, gamma = _t1, beta = _t2, alpha = _t3, t = _t4, z3 = _t5;
            P256Field.Square(p1.Z, delta);
            P256Field.Square(p1.Y, gamma);
            P256Field.Multiply(p1.X, gamma, beta);

            // alpha = 3 (X1 - delta)(X1 + delta)
            P256Field.Subtract(p1.X, delta, t);
            P256Field.Add(p1.X, delta, alpha);
            P256Field.Multiply(t, alpha, alpha);
            P256Field.Twice(alpha, t);
            P256Field.Add(t, alpha, alpha);

            // Z3 = (Y1 + Z1)^2 - gamma - delta
            P256Field.Add(p1.Y, p1.Z, z3);
            P256Field.Square(z3, z3);
            P256Field.Subtract(z3, gamma, z3);
            P256Field.Subtract(z3, delta, z3);

            // X3 = alpha^2 - 8 beta
            P256Field.Twice(beta, beta);
            P256Field.Twice(beta, beta);
            P256Field.Twice(beta, t);
            P256Field.Square(alpha, p3.X);
            P256Field.Subtract(p3.X, t, p3.X);

            // Y3 = alpha (4 beta - X3) - 8 gamma^2
            P256Field.Subtract(beta, p3.X, beta);
            P256Field.Multiply(alpha, beta, beta);
            P256Field.Square(gamma, gamma);
            P256Field.Twice(gamma, gamma);
            P256Field.Twice(gamma, gamma);
            P256Field.Twice(gamma, gamma);
            P256Field.Subtract(beta, gamma, p3.Y);
            Nat256.Copy(z3, p3.Z);
        }

        /// <summary>P3 = P1 + (x2, y2) with the second point affine (8M + 3S); P3 may be P1.</summary>
        public void AddAffine(P256Point p1, uint[] x2, uint[] y2, P256Point p3)
        {
            if (p1.IsInfinity)
            {
                p3.SetAffine(x2, y2);
                return;
            }

            uint[] Z1Z1 = _t0, U2 = _t1, S2 = _t2, H = _t3, R = _t4, HHH = _t5, V = _t6;
            P256Field.Square(p1.Z, Z1Z1);
            P256Field.Multiply(x2, Z1Z1, U2);
            P256Field.Multiply(p1.Z, Z1Z1, S2);
            P256Field.Multiply(y2, S2, S2);
            P256Field.Subtract(U2, p1.X, H);
            P256Field.Subtract(S2, p1.Y, R);
            if (Nat256.IsZero(H))
            {
                if (Nat256.IsZero(R))
                {
                    Double(p1, p3);
                }
                else
                {
                    p3.SetInfinity();
                }

                return;
            }

            uint[] HH = Z1Z1;
            P256Field.Square(H, HH);
            P256Field.Multiply(H, HH, HHH);
            P256Field.Multiply(p1.X, HH, V);

            // Z3 = Z1 H
            P256Field.Multiply(p1.Z, H, p3.Z);

            // Y1 HHH is needed after X3 overwrites X1/Y1 when P3 is P1.
            uint[] Y1HHH = U2;
            P256Field.Multiply(p1.Y, HHH, Y1HHH);

            // X3 = R^2 - HHH - 2 V
            uint[] X3 = S2;
            P256Field.Square(R, X3);
            P256Field.Subtract(X3, HHH, X3);
            P256Field.Twice(V, H);
            P256Field.Subtract(X3, H, X3);

            // Y3 = R (V - X3) - Y1 HHH
            P256Field.Subtract(V, X3, V);
            P256Field.Multiply(R, V, V);
            P256Field.Subtract(V, Y1HHH, p3.Y);
            Nat256.Copy(X3, p3.X);
        }

        /// <summary>
        /// Writes the affine coordinates of a finite point P (x = X / Z^2, y = Y / Z^3).
        /// Returns false for the point at infinity.
        /// </summary>
        public bool ToAffine(P256Point p, uint[] x, uint[] y)
        {
            if (p.IsInfinity)
            {
                return false;
            }

            uint[] zInv = _t0, zInv2 = _t1;
            P256Field.Invert(p.Z, zInv, _t2);
            P256Field.Square(zInv, zInv2);
            P256Field.Multiply(p.X, zInv2, x);
            P256Field.Multiply(zInv2, zInv, zInv2);
            P256Field.Multiply(p.Y, zInv2, y);
            return true;
        }

        /// <summary>
        /// True when the affine x of the finite point P, reduced mod n, equals r (1 &lt;= r &lt; n),
        /// checked without an inversion: X == r' Z^2 (mod p) for r' in {r, r + n} with r' &lt; p.
        /// </summary>
        public bool XModNEquals(P256Point p, uint[] r)
        {
            if (p.IsInfinity)
            {
                return false;
            }

            uint[] zz = _t0, candidate = _t1, t = _t2;
            P256Field.Square(p.Z, zz);
            P256Field.Multiply(r, zz, t);
            if (Nat256.Compare(t, p.X) == 0)
            {
                return true;
            }

            // r + n < p is possible because n < p; then x = r + n also reduces to r.
            if (Nat256.Add(r, P256Scalar.N, candidate) != 0 || Nat256.Compare(candidate, P256Field.P) >= 0)
            {
                return false;
            }

            P256Field.Multiply(candidate, zz, t);
            return Nat256.Compare(t, p.X) == 0;
        }
    }
}
