#Requires -Version 5.1
# Events from one log, filtered by source, event ID and start time (Get-WinEvent -FilterHashtable),
# newest first. A log, source or time window with nothing in it gives an empty list.
# Input:  { "log": "Application", "sources": ["ADSync"], "ids": [6900, 6126], "since": "2024-05-01T00:00:00+02:00", "maxEvents": 100 }
#         (sources, ids and since are optional)
# Output: { ok: true, data: [ { LogName, ProviderName, Id, Level, TimeCreated, Message, Properties } ] }
#         Level is the numeric event level (1 critical, 2 error, 3 warning, 4 information, 5 verbose; 0 = classic
#         'information'); Properties carries the insertion strings only when the message could not be rendered.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$namePattern = '^[A-Za-z0-9 ._()/-]{1,256}$'
$in = Read-DsdInput

$log = Get-DsdField -Object $in -Name 'log'
if (($log -isnot [string]) -or ($log -notmatch $namePattern)) {
    Write-DsdFailure -Code 'bad-input' -Message 'log: expected an event log name (letters, digits, space and . _ ( ) / -).'
}
$sources = Get-DsdField -Object $in -Name 'sources'
if ($null -ne $sources) {
    if (($sources -isnot [array]) -or ($sources.Count -gt 16)) {
        Write-DsdFailure -Code 'bad-input' -Message 'sources: expected an array of at most 16 event source names.'
    }
    for ($i = 0; $i -lt $sources.Count; $i++) {
        if (($sources[$i] -isnot [string]) -or ($sources[$i] -notmatch $namePattern)) {
            Write-DsdFailure -Code 'bad-input' -Message ('sources.' + $i + ': expected an event source name (letters, digits, space and . _ ( ) / -).')
        }
    }
}
$ids = Get-DsdField -Object $in -Name 'ids'
if ($null -ne $ids) {
    if (($ids -isnot [array]) -or ($ids.Count -gt 32)) {
        Write-DsdFailure -Code 'bad-input' -Message 'ids: expected an array of at most 32 event IDs.'
    }
    for ($i = 0; $i -lt $ids.Count; $i++) {
        if (-not (Test-DsdInteger -Value $ids[$i] -Min 0 -Max 65535)) {
            Write-DsdFailure -Code 'bad-input' -Message ('ids.' + $i + ': expected a whole number from 0 to 65535.')
        }
    }
}
$since = Get-DsdField -Object $in -Name 'since'
$startTime = $null
if ($null -ne $since) {
    $parsed = [DateTimeOffset]::MinValue
    $styles = [System.Globalization.DateTimeStyles]::None
    if (($since -isnot [string]) -or -not [DateTimeOffset]::TryParse($since, [System.Globalization.CultureInfo]::InvariantCulture, $styles, [ref]$parsed)) {
        Write-DsdFailure -Code 'bad-input' -Message 'since: expected an ISO 8601 date and time with offset.'
    }
    $startTime = $parsed.LocalDateTime
}
$maxEvents = Get-DsdField -Object $in -Name 'maxEvents'
if (-not (Test-DsdInteger -Value $maxEvents -Min 1 -Max 1000)) {
    Write-DsdFailure -Code 'bad-input' -Message 'maxEvents: expected a whole number from 1 to 1000.'
}

function Get-DsdEventBatch {
    param([hashtable] $Filter, [int] $Max)
    try {
        return @(Get-WinEvent -FilterHashtable $Filter -MaxEvents $Max -ErrorAction Stop)
    } catch {
        $errorId = [string]$_.FullyQualifiedErrorId
        if (($errorId -like 'NoMatchingEventsFound*') -or ($errorId -like 'NoMatchingLogsFound*') -or ($errorId -like 'NoMatchingProvidersFound*')) {
            return @()
        }
        if ($_.Exception -is [System.UnauthorizedAccessException]) {
            Write-DsdFailure -Code 'not-elevated' -Message ('Access denied reading the ' + $Filter['LogName'] + ' event log.') -WindowsError 5
        }
        throw
    }
}

$baseFilter = @{ LogName = $log }
if (($null -ne $sources) -and ($sources.Count -gt 0)) {
    $baseFilter['ProviderName'] = [string[]]$sources
}
if ($null -ne $startTime) {
    $baseFilter['StartTime'] = $startTime
}

# FilterHashtable turns IDs into one XPath query, which Windows refuses beyond about 23 IDs: ask in batches.
$batches = @()
if (($null -ne $ids) -and ($ids.Count -gt 0)) {
    for ($offset = 0; $offset -lt $ids.Count; $offset += 20) {
        $last = [math]::Min($offset + 19, $ids.Count - 1)
        $batches += , ([int[]]$ids[$offset..$last])
    }
} else {
    $batches += , $null
}

$found = New-Object System.Collections.ArrayList
foreach ($batch in $batches) {
    $filter = $baseFilter.Clone()
    if ($null -ne $batch) {
        $filter['Id'] = $batch
    }
    foreach ($record in (Get-DsdEventBatch -Filter $filter -Max ([int]$maxEvents))) {
        $null = $found.Add($record)
    }
}
$newest = @($found | Sort-Object -Property TimeCreated -Descending | Select-Object -First ([int]$maxEvents))

$events = New-Object System.Collections.ArrayList
foreach ($record in $newest) {
    $message = $null
    try {
        $message = $record.Message
    } catch {
        $message = $null
    }
    $properties = @()
    if ($null -eq $message) {
        $properties = @($record.Properties | ForEach-Object { [string]$_.Value })
    }
    $level = 0
    if ($null -ne $record.Level) {
        $level = [int]$record.Level
    }
    $null = $events.Add([ordered]@{
            LogName      = $record.LogName
            ProviderName = $record.ProviderName
            Id           = [int]$record.Id
            Level        = $level
            TimeCreated  = (ConvertTo-DsdIsoDate -Value $record.TimeCreated)
            Message      = $message
            Properties   = $properties
        })
}

Write-DsdResult -Data $events.ToArray()
