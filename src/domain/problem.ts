// A problem found in what someone sent: a stable code plus the facts a message needs. The words are
// in prompts/; the domain only says what is wrong and where.

export type ProblemCode =
  | 'required'
  | 'money_invalid'
  | 'count_invalid'
  | 'text_too_long'
  | 'text_invalid'
  | 'type_invalid'
  | 'choice_invalid'
  | 'date_invalid'
  | 'date_out_of_range'
  | 'unknown_field'
  | 'rows_invalid'
  | 'rows_empty'
  | 'row_duplicate'
  | 'context_mismatch'
  | 'unknown_ledger'
  | 'period_invalid'
  | 'period_cadence'
  | 'period_future'
  | 'contact_unknown'
  | 'county_unknown'
  | 'city_unknown'
  | 'county_required'
  | 'out_of_scope'
  | 'not_a_debtor'
  | 'not_applicable'
  | 'body_invalid'
  | 'csv_column_missing'
  | 'csv_not_a_helper'
  | 'mobile_invalid'
  | 'unit_unknown'
  | 'period_closed'
  | 'review_stale'
  | 'reason_required'
  | 'not_reviewer'
  | 'not_bureau'
  | 'not_closed'
  | 'not_submitted';

export interface Problem {
  code: ProblemCode;
  /** 1-based row number within the sheet, when the problem is in a row. */
  row?: number;
  /** The field key and its label as in the attachment. */
  field?: string;
  label?: string;
  params?: Record<string, string | number>;
}
