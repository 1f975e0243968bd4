/**
 * Reasons from attributes: a security setting on a resource type that is not a security control as
 * a whole (a queue's key, a function's role, a bucket's `force_destroy`). A reason names a value the
 * change sets or changes, and why that matters; never an attribute the provider merely computes:
 *
 * - in a create, an attribute counts only when the configuration sets it (or, for a plan without its
 *   configuration section, when its value is known and not empty); "known after apply" alone is
 *   never a reason;
 * - in an update or replacement, only an attribute whose value differs (or becomes unknown);
 * - protection settings (`force_destroy`, deletion protection) count in a create only when set to
 *   the weaker value;
 * - only attributes that hold an IAM policy (`policy-attributes.ts`) are policies: `redrive_policy`,
 *   `retry_policy` and the like are not.
 */
import type { ChangeKind, SecurityCategory, SecurityReason } from './classify';
import { isPolicyAttribute } from './policy-attributes';
import { isJsonObject, type JsonValue, type ResourceChange } from './plan-types';

/** One attribute of one change, as the rules see it. */
export interface AttributeContext {
  readonly type: string;
  readonly kind: ChangeKind;
  readonly attribute: string;
  /** Undefined in a create (nothing before). */
  readonly before: JsonValue | undefined;
  readonly after: JsonValue | undefined;
  /** The value, or part of it, is known only after apply. */
  readonly unknown: boolean;
  /** The configuration sets it; undefined when the plan has no configuration section. */
  readonly configured: boolean | undefined;
}

export interface AttributeRule {
  readonly id: string;
  readonly category: SecurityCategory;
  readonly applies: (attribute: string, type: string) => boolean;
  /** The reason, or undefined when this change of the attribute is not one. */
  readonly reason: (ctx: AttributeContext) => string | undefined;
}

/** Nothing set: absent, null, "", or lists and objects holding only those (`false` and `0` are values). */
export function isEmpty(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === '') return true;
  if (Array.isArray(value)) return value.every(isEmpty);
  if (isJsonObject(value)) return Object.values(value).every(isEmpty);
  return false;
}

function hasUnknown(mark: JsonValue | undefined): boolean {
  if (mark === true) return true;
  if (Array.isArray(mark)) return mark.some(hasUnknown);
  if (isJsonObject(mark)) return Object.values(mark).some(hasUnknown);
  return false;
}

const isUpdate = (kind: ChangeKind): boolean => kind === 'update' || kind === 'replace';

/** A create that sets the attribute: configured (and not empty unless still unknown). */
function setInCreate(ctx: AttributeContext): boolean {
  if (ctx.kind !== 'create') return false;
  if (ctx.configured === false) return false;
  if (ctx.unknown) return ctx.configured === true;
  return !isEmpty(ctx.after);
}

/**
 * An update or replacement that changes the attribute's value. Becoming unknown counts only for an
 * attribute the configuration sets (a replacement makes every computed attribute unknown).
 */
function changed(ctx: AttributeContext): boolean {
  if (!isUpdate(ctx.kind)) return false;
  if (ctx.unknown) return ctx.configured !== false;
  return JSON.stringify(ctx.before ?? null) !== JSON.stringify(ctx.after ?? null);
}

function scalar(value: JsonValue | undefined): string | undefined {
  return typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string'
    ? JSON.stringify(value)
    : undefined;
}

/** "changed from false to true", "changed (known after apply)", "removed", or just "changed". */
function changeText(ctx: AttributeContext): string {
  if (ctx.unknown) return 'changes to a value known only after apply';
  if (isEmpty(ctx.after) && !isEmpty(ctx.before)) return 'removed';
  const from = scalar(ctx.before);
  const to = scalar(ctx.after);
  return from !== undefined && to !== undefined ? `changed from ${from} to ${to}` : 'changed';
}

const code = (name: string): string => `\`${name}\``;

/** The first `enabled` flag inside a block value (`point_in_time_recovery[0].enabled`), if any. */
function enabledFlag(value: JsonValue | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (Array.isArray(value)) return enabledFlag(value[0]);
  if (isJsonObject(value) && typeof value.enabled === 'boolean') return value.enabled;
  return undefined;
}

export const ATTRIBUTE_RULES: readonly AttributeRule[] = [
  {
    id: 'iam-policy',
    category: 'resource-policy',
    applies: (attribute, type) => isPolicyAttribute(type, attribute),
    reason: (ctx) => {
      if (setInCreate(ctx))
        return ctx.unknown
          ? `policy ${code(ctx.attribute)} set, but known only after apply: it cannot be reviewed in this plan`
          : `policy ${code(ctx.attribute)} set`;
      if (changed(ctx))
        return ctx.unknown
          ? `policy ${code(ctx.attribute)} changes to a value known only after apply: it cannot be reviewed in this plan`
          : `policy ${code(ctx.attribute)} ${isEmpty(ctx.after) ? 'removed' : 'changed'}`;
      return undefined;
    },
  },
  {
    id: 'encryption',
    category: 'encryption',
    applies: (attribute) => /kms|encrypt|(^|_)sse(_|$)|customer_master_key/.test(attribute),
    reason: (ctx) => {
      if (setInCreate(ctx))
        return /key_(id|arn)$|master_key_id$|^kms_key$/.test(ctx.attribute)
          ? `encryption key ${code(ctx.attribute)} set (the key that protects the data)`
          : `encryption setting ${code(ctx.attribute)} set`;
      if (changed(ctx)) return `encryption setting ${code(ctx.attribute)} ${changeText(ctx)}`;
      return undefined;
    },
  },
  {
    id: 'exposure',
    category: 'public-access',
    applies: (attribute) => /(^|_)acl$|public|^grant$|cors_rule|^website/.test(attribute),
    reason: (ctx) => {
      // `false` on a "public" switch is the closed value.
      if (setInCreate(ctx) && ctx.after !== false) return `access or exposure setting ${code(ctx.attribute)} set`;
      if (changed(ctx)) return `access or exposure setting ${code(ctx.attribute)} ${changeText(ctx)}`;
      return undefined;
    },
  },
  {
    id: 'execution-role',
    category: 'iam',
    applies: (attribute) => /^role$|role_arn$|execution_role/.test(attribute),
    reason: (ctx) => {
      if (setInCreate(ctx)) return `runs as the role in ${code(ctx.attribute)}`;
      if (changed(ctx)) return `execution role ${code(ctx.attribute)} ${changeText(ctx)}`;
      return undefined;
    },
  },
  {
    id: 'protection',
    category: 'data-protection',
    // Tables' point-in-time recovery and deletion protection have their own rules (weakening.ts).
    applies: (attribute, type) =>
      /point_in_time_recovery|deletion_protection|object_lock|^versioning$|force_destroy|deletion_window/.test(
        attribute,
      ) && !(type === 'aws_dynamodb_table' && /point_in_time_recovery|deletion_protection/.test(attribute)),
    reason: (ctx) => {
      if (ctx.kind === 'create') {
        if (ctx.configured === false || ctx.unknown) return undefined;
        if (ctx.attribute === 'force_destroy' && ctx.after === true)
          return '`force_destroy` on: destroying it deletes everything it holds';
        if (/deletion_protection|point_in_time_recovery/.test(ctx.attribute) && enabledFlag(ctx.after) === false)
          return `${code(ctx.attribute)} off`;
        return undefined;
      }
      if (changed(ctx)) return `recovery or deletion protection ${code(ctx.attribute)} ${changeText(ctx)}`;
      return undefined;
    },
  },
];

/**
 * The attribute reasons of one managed resource change. `configured`: the arguments the
 * configuration sets (undefined when the plan has no configuration section).
 */
export function attributeReasons(
  rc: ResourceChange,
  kind: ChangeKind,
  configured: ReadonlySet<string> | undefined,
  only?: (rule: AttributeRule, ctx: AttributeContext) => boolean,
): SecurityReason[] {
  if (kind !== 'create' && !isUpdate(kind)) return [];
  const before = kind === 'create' || !isJsonObject(rc.change.before) ? {} : rc.change.before;
  const after = isJsonObject(rc.change.after) ? rc.change.after : {};
  const unknown = isJsonObject(rc.change.after_unknown) ? rc.change.after_unknown : {};
  const names = [...new Set([...Object.keys(before), ...Object.keys(after), ...Object.keys(unknown)])].sort();
  const reasons: SecurityReason[] = [];
  for (const attribute of names) {
    const rule = ATTRIBUTE_RULES.find((r) => r.applies(attribute, rc.type));
    if (rule === undefined) continue;
    const ctx: AttributeContext = {
      type: rc.type,
      kind,
      attribute,
      before: kind === 'create' ? undefined : before[attribute],
      after: after[attribute],
      unknown: hasUnknown(unknown[attribute]),
      configured: configured === undefined ? undefined : configured.has(attribute),
    };
    if (only !== undefined && !only(rule, ctx)) continue;
    const reason = rule.reason(ctx);
    if (reason !== undefined) reasons.push({ category: rule.category, reason });
  }
  return reasons;
}
