/**
 * An API error answered on the wire: `{RequestId, HostId, Code, Message, Recommend}` with an HTTP
 * status (aliyun-api.md §1.7). Handlers throw it; the server turns it into the response.
 */
import type { CloudError } from '../../simulator/lifecycle';

export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly code: string,
    readonly httpStatus: number,
    message: string,
  ) {
    super(message);
  }

  static from(error: CloudError): ApiError {
    return new ApiError(error.code, error.httpStatus, error.message);
  }
}

export function missingParameter(name: string): ApiError {
  return new ApiError(
    'MissingParameter',
    400,
    `The input parameter "${name}" that is mandatory for processing this request is not supplied.`,
  );
}

export function invalidParameter(name: string, why: string): ApiError {
  return new ApiError('InvalidParameter', 400, `The specified parameter "${name}" is not valid: ${why}`);
}
