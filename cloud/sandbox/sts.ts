/** STS 2015-04-01: AssumeRole and GetCallerIdentity (aliyun-api.md §7.4). */
import { createHash } from 'node:crypto';
import type { CallContext, Handler } from './context';
import { ApiError } from './errors';
import { integer, required } from './params';
import { isoTime } from './world';

function roleId(accountId: string, roleName: string): string {
  return (
    '3' +
    BigInt('0x' + createHash('sha1').update(`${accountId}/${roleName}`).digest('hex').slice(0, 14))
      .toString()
      .padStart(18, '0')
      .slice(0, 18)
  );
}

const assumeRole: Handler = (ctx) => {
  // aliyun-links.md §5.3: "ErrorCode: NoPermission ErrorMessage: Roles may not be assumed by root
  // accounts." (doc 42775). HTTP 403 is a choice (the FAQ gives no status; the SDK surfaces a 403
  // body as e.statusCode 403). A RAM user's key or an STS session (role chaining) may assume.
  if (ctx.accessKey && !ctx.accessKey.ramUserName)
    throw new ApiError('NoPermission', 403, 'Roles may not be assumed by root accounts.');
  const arn = required(ctx.params, 'RoleArn');
  const sessionName = required(ctx.params, 'RoleSessionName');
  // Character rules UNCONFIRMED (aliyun-api.md §7.4): letters, digits and . @ - _ , 2-64 long.
  if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(sessionName))
    throw new ApiError(
      'InvalidParameter.RoleSessionName',
      400,
      `The parameter RoleSessionName "${sessionName}" is wrongly formed.`,
    );
  const duration = integer(ctx.params, 'DurationSeconds', { min: -1_000_000, max: 1_000_000, fallback: 3600 });
  // 900 … the role's MaxSessionDuration (default 3600) (aliyun-api.md §7.2, §7.4).
  if (duration < 900 || duration > 3600)
    throw new ApiError('InvalidParameter.DurationSeconds', 400, `DurationSeconds ${duration} is outside 900-3600.`);
  const m = /^acs:ram::([^:]+):role\/([^/]+)$/i.exec(arn);
  if (!m)
    throw new ApiError(
      'InvalidParameter.RoleArn',
      400,
      `The parameter RoleArn "${arn}" is wrongly formed; expected acs:ram::<account id>:role/<role name>.`,
    );
  const [, accountId, roleName] = m as unknown as [string, string, string];
  const target = ctx.cloud.state.accounts.find((a) => a.accountId === accountId);
  const role = target?.roles.find((r) => r.toLowerCase() === roleName.toLowerCase());
  if (!target || !role) throw new ApiError('EntityNotExist.Role', 404, `The role not exists: ${arn}.`);
  const rng = ctx.cloud.rng;
  const expiration = ctx.cloud.now() + duration * 1000;
  const id = roleId(accountId, role);
  const session = {
    accessKeyId: 'STS.SANDBOX' + rng.chars('ABCDEFGHJKLMNPQRSTUVWXYZ23456789', 17),
    accessKeySecret: rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789', 40),
    securityToken: 'CAIS' + rng.chars('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/', 200),
    accountId,
    roleName: role,
    roleId: id,
    sessionName,
    expiration,
  };
  // Expired sessions are dropped so the state file does not grow without bound.
  ctx.cloud.state.sessions = ctx.cloud.state.sessions.filter((s) => s.expiration > ctx.cloud.now());
  ctx.cloud.state.sessions.push(session);
  ctx.cloud.dirty = true;
  return {
    AssumedRoleUser: {
      Arn: `acs:ram::${accountId}:role/${role}/${sessionName}`,
      AssumedRoleId: `${id}:${sessionName}`,
    },
    Credentials: {
      AccessKeyId: session.accessKeyId,
      AccessKeySecret: session.accessKeySecret,
      SecurityToken: session.securityToken,
      Expiration: isoTime(expiration),
    },
  };
};

const getCallerIdentity: Handler = (ctx: CallContext) => {
  if (ctx.session) {
    const s = ctx.session;
    return {
      AccountId: s.accountId,
      UserId: `${s.roleId}:${s.sessionName}`,
      Arn: `acs:ram::${s.accountId}:assumed-role/${s.roleName}/${s.sessionName}`,
      IdentityType: 'AssumedRoleUser',
      PrincipalId: `${s.roleId}:${s.sessionName}`,
      RoleId: s.roleId,
    };
  }
  const ramUser = ctx.accessKey?.ramUserName;
  if (ramUser) {
    const userId = roleId(ctx.accountId, `user/${ramUser}`).replace(/^3/, '2');
    return {
      AccountId: ctx.accountId,
      UserId: userId,
      Arn: `acs:ram::${ctx.accountId}:user/${ramUser}`,
      IdentityType: 'RAMUser',
      PrincipalId: userId,
      RoleId: '',
    };
  }
  return {
    AccountId: ctx.accountId,
    UserId: ctx.accountId,
    Arn: `acs:ram::${ctx.accountId}:root`,
    IdentityType: 'Account',
    PrincipalId: ctx.accountId,
    RoleId: '',
  };
};

export const STS_ACTIONS: Readonly<Record<string, { readonly handler: Handler; readonly mutates: boolean }>> = {
  AssumeRole: { handler: assumeRole, mutates: true },
  GetCallerIdentity: { handler: getCallerIdentity, mutates: false },
};
