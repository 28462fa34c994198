package dev.resilientshop.kit.ops;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks an {@code /ops} resource method that answers without the ops token: only the ops page's
 * login form. Everything else under {@code /ops} needs the token ({@link OpsTokenFilter}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface OpsPublic {}
