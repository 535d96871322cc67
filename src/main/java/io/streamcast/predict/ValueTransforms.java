package io.streamcast.predict;

import io.streamcast.schema.ValueTransform;

/** Applies and inverts the transform values go through before they are scaled. */
public final class ValueTransforms {

    private ValueTransforms() {
    }

    public static double apply(ValueTransform transform, double x) {
        return transform == ValueTransform.SIGNED_LOG ? Math.copySign(Math.log1p(Math.abs(x)), x) : x;
    }

    public static double invert(ValueTransform transform, double y) {
        return transform == ValueTransform.SIGNED_LOG ? Math.copySign(Math.expm1(Math.abs(y)), y) : y;
    }
}
