/**
 * The failures of the demo product: api exceptions (with Python tracebacks) and the message each
 * client shows when the call behind a click fails, plus client-only errors and crashes.
 */

export interface ApiFailure {
  /** Method and path template of the failing route; null means any route. */
  route: readonly [string, string] | null;
  status: number;
  /** Relative frequency among background 5xx; 0 means only during an incident. */
  weight: number;
  message: string;
  stack: string;
  /** What the web client logs when this call fails. */
  webMessage: string;
  /** The click that issues the failing call (null: any click). */
  target: string | null;
  /** The page the click happens on (null: wherever the user is). */
  page: string | null;
  /** How long the failing request takes when it is not the route's usual time (timeouts). */
  fixedMs?: number;
}

const DJANGO_FRAMES = [
  '  File "/var/task/django/core/handlers/exception.py", line 55, in inner',
  '    response = get_response(request)',
  '  File "/var/task/django/core/handlers/base.py", line 197, in _get_response',
  '    response = wrapped_callback(request, *callback_args, **callback_kwargs)',
];

function traceback(frames: readonly string[], exception: string): string {
  return ['Traceback (most recent call last):', ...DJANGO_FRAMES, ...frames, exception].join('\n');
}

const DB_EXECUTE = [
  '  File "/var/task/django/db/backends/utils.py", line 105, in _execute',
  '    return self.cursor.execute(sql, params)',
];

export const API_FAILURES: readonly ApiFailure[] = [
  {
    route: ['POST', '/api/grades'],
    status: 500,
    weight: 5,
    message: 'IntegrityError: duplicate key value violates unique constraint "grades_pkey"',
    stack: traceback(
      [
        '  File "/var/task/classwork/grades/views.py", line 88, in create_grade',
        '    grade = GradeService(request.user).record(payload)',
        '  File "/var/task/classwork/grades/services.py", line 142, in record',
        '    return Grade.objects.create(submission=submission, rubric_item=item, points=points)',
        ...DB_EXECUTE,
      ],
      'django.db.utils.IntegrityError: duplicate key value violates unique constraint "grades_pkey"\n' +
        'DETAIL:  Key (submission_id, rubric_item_id)=(88123, 17) already exists.',
    ),
    webMessage: "TypeError: Cannot read properties of undefined (reading 'grade')",
    target: 'button#save-grade',
    page: '/gradebook/:id',
  },
  {
    route: ['GET', '/api/assignments/:id'],
    status: 500,
    weight: 3,
    message: "AttributeError: 'NoneType' object has no attribute 'due_at'",
    stack: traceback(
      [
        '  File "/var/task/classwork/assignments/views.py", line 41, in assignment_detail',
        '    return Response(AssignmentSerializer(assignment).data)',
        '  File "/var/task/classwork/assignments/serializers.py", line 77, in get_due_label',
        '    return format_due(obj.schedule.due_at, request_tz(self.context))',
      ],
      "AttributeError: 'NoneType' object has no attribute 'due_at'",
    ),
    webMessage: "TypeError: Cannot read properties of null (reading 'dueAt')",
    target: 'link#open-assignment',
    page: '/assignments',
  },
  {
    route: ['GET', '/api/gradebook/:classId'],
    status: 500,
    weight: 4,
    message: 'OperationalError: canceling statement due to statement timeout',
    stack: traceback(
      [
        '  File "/var/task/classwork/gradebook/views.py", line 63, in gradebook',
        '    rows = list(GradebookQuery(klass).rows())',
        '  File "/var/task/classwork/gradebook/query.py", line 118, in rows',
        '    yield from self._cursor().fetchmany(500)',
        ...DB_EXECUTE,
      ],
      'django.db.utils.OperationalError: canceling statement due to statement timeout',
    ),
    webMessage: 'Error: Request failed with status code 500',
    target: 'tab#gradebook',
    page: '/classes/:id',
    fixedMs: 5_000,
  },
  {
    route: ['POST', '/api/submissions'],
    status: 500,
    weight: 2,
    message: "KeyError: 'rubric_id'",
    stack: traceback(
      [
        '  File "/var/task/classwork/submissions/views.py", line 102, in create_submission',
        '    rubric = Rubric.objects.get(pk=payload["rubric_id"])',
      ],
      "KeyError: 'rubric_id'",
    ),
    webMessage: 'Error: Submission failed: Internal Server Error',
    target: 'button#submit-work',
    page: '/assignments/:id',
  },
  {
    route: ['POST', '/api/reports/export'],
    status: 502,
    weight: 1,
    message:
      'ClientError: An error occurred (ThrottlingException) when calling the StartQueryExecution operation: Rate exceeded',
    stack: traceback(
      [
        '  File "/var/task/classwork/reports/views.py", line 35, in export_report',
        '    execution = athena.start_query_execution(**query)',
        '  File "/var/task/botocore/client.py", line 1023, in _make_api_call',
        '    raise error_class(parsed_response, operation_name)',
      ],
      'botocore.exceptions.ClientError: An error occurred (ThrottlingException) when calling the ' +
        'StartQueryExecution operation: Rate exceeded',
    ),
    webMessage: 'Error: Export failed (502 Bad Gateway)',
    target: 'button#export-csv',
    page: '/reports',
  },
  {
    route: ['GET', '/api/classes/:id/roster'],
    status: 500,
    weight: 2,
    message:
      "ConnectionError: HTTPSConnectionPool(host='sis.example-district.org', port=443): Max retries exceeded with url: /v2/rosters",
    stack: traceback(
      [
        '  File "/var/task/classwork/classes/views.py", line 57, in roster',
        '    students = sis_client(klass.district).roster(klass.sis_id)',
        '  File "/var/task/requests/adapters.py", line 700, in send',
        '    raise ConnectionError(e, request=request)',
      ],
      "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='sis.example-district.org', port=443): " +
        'Max retries exceeded with url: /v2/rosters (Caused by NewConnectionError: [Errno 110] Connection timed out)',
    ),
    webMessage: 'TypeError: roster.students is not iterable',
    target: 'tab#roster',
    page: '/classes/:id',
  },
  {
    route: null,
    status: 500,
    weight: 2,
    message: 'InterfaceError: connection already closed',
    stack: traceback(
      [
        '  File "/var/task/classwork/common/middleware.py", line 29, in __call__',
        '    request.user = SessionUser.load(request)',
        ...DB_EXECUTE,
      ],
      'django.db.utils.InterfaceError: connection already closed',
    ),
    webMessage: 'Error: Request failed with status code 500',
    target: null,
    page: null,
  },
];

/** The database outage: every route answers 503 for twenty minutes. */
export const OUTAGE_FAILURE: ApiFailure = {
  route: null,
  status: 503,
  weight: 0,
  message: 'OperationalError: could not connect to server: Connection timed out',
  stack: traceback(
    [
      '  File "/var/task/classwork/common/middleware.py", line 29, in __call__',
      '    request.user = SessionUser.load(request)',
      '  File "/var/task/django/db/backends/base/base.py", line 256, in ensure_connection',
      '    self.connect()',
      '  File "/var/task/psycopg2/__init__.py", line 122, in connect',
      '    conn = _connect(dsn, connection_factory=connection_factory, **kwasync)',
    ],
    'django.db.utils.OperationalError: could not connect to server: Connection timed out\n' +
      '\tIs the server running on host "classwork-prod.cluster-c9xk2.us-east-1.rds.amazonaws.com" ' +
      '(10.0.3.17) and accepting\n\tTCP/IP connections on port 5432?',
  ),
  webMessage: 'Error: Request failed with status code 503',
  target: null,
  page: null,
  fixedMs: 3_000,
};

const REASONS: Record<number, string> = { 500: 'Internal Server Error', 502: 'Bad Gateway', 503: 'Service Unavailable' };

/** What the mobile app logs when an api call fails. */
export function appFailureMessage(platform: 'ios' | 'android', status: number, method: string, path: string): string {
  return platform === 'android'
    ? `retrofit2.HttpException: HTTP ${status} ${REASONS[status] ?? ''}`.trimEnd()
    : `APIError.server(status: ${status}, path: "${method} ${path}")`;
}

/** Client errors that involve no api call. */
export const WEB_ERRORS: readonly string[] = [
  "TypeError: Cannot read properties of undefined (reading 'map')",
  'ChunkLoadError: Loading chunk 812 failed.',
  "TypeError: Cannot read properties of undefined (reading 'grade')",
  'Error: Minified React error #418; visit https://react.dev/errors/418 for the full message',
];

export const APP_ERRORS: Readonly<Record<'ios' | 'android', readonly string[]>> = {
  ios: ['Fatal error: Unexpectedly found nil while unwrapping an Optional value (RubricView.swift:88)'],
  android: ['java.lang.IllegalStateException: Fragment GradeDetailFragment not attached to a context.'],
};

/** The crash of the bad mobile release. */
export const BAD_RELEASE_CRASH: Readonly<Record<'ios' | 'android', { message: string; stack: string }>> = {
  ios: {
    message: 'EXC_BAD_ACCESS (SIGSEGV): KERN_INVALID_ADDRESS in GradebookViewController.tableView(_:cellForRowAt:)',
    stack: [
      '0  Classwork  GradebookViewController.tableView(_:cellForRowAt:) + 412',
      '1  UIKitCore  -[UITableView _createPreparedCellForGlobalRow:withIndexPath:willDisplay:] + 1532',
      '2  UIKitCore  -[UITableView _updateVisibleCellsNow:] + 2140',
      '3  Classwork  GradebookViewController.viewDidLoad() + 220',
    ].join('\n'),
  },
  android: {
    message:
      "java.lang.NullPointerException: Attempt to invoke virtual method 'java.lang.String com.classwork.model.Grade.getLabel()' on a null object reference",
    stack: [
      'java.lang.NullPointerException: Attempt to invoke virtual method on a null object reference',
      '\tat com.classwork.gradebook.GradeRowAdapter.onBindViewHolder(GradeRowAdapter.kt:57)',
      '\tat androidx.recyclerview.widget.RecyclerView$Adapter.bindViewHolder(RecyclerView.java:7254)',
      '\tat com.classwork.gradebook.GradebookFragment.onViewCreated(GradebookFragment.kt:112)',
    ].join('\n'),
  },
};

export const STORM_MESSAGE =
  'Warning: Maximum update depth exceeded. This can happen when a component calls setState inside useEffect, ' +
  "but useEffect either doesn't have a dependency array, or one of the dependencies changes on every render.";
