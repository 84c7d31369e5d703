#Requires -Version 5.1
# Uninstalls an MSI product: msiexec /x {GUID} /qn /norestart, started with an argument array.
# Exit code 3010 (or 1641) means success with a reboot needed; other exit codes are returned as data.
# Input:  { "productCode": "{GUID}", "waitSeconds": 1800 }
# Output: { ok: true, data: { ProductCode, DisplayName, View, ExitCode } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$productCode = Get-DsdField -Object $in -Name 'productCode'
if (-not (Test-DsdProductCode -Value $productCode)) {
    Write-DsdFailure -Code 'bad-input' -Message 'productCode: expected an MSI product code like {01234567-89AB-CDEF-0123-456789ABCDEF}.'
}
$wait = Get-DsdField -Object $in -Name 'waitSeconds'
if (-not (Test-DsdInteger -Value $wait -Min 1 -Max 3600)) {
    Write-DsdFailure -Code 'bad-input' -Message 'waitSeconds: expected a whole number from 1 to 3600.'
}

$entry = $null
foreach ($candidate in @(Get-DsdUninstallEntries)) {
    if ([string]::Equals([string]$candidate['KeyName'], [string]$productCode, [StringComparison]::OrdinalIgnoreCase)) {
        $entry = $candidate
        break
    }
}
if ($null -eq $entry) {
    Write-DsdFailure -Code 'program-not-found' -Message ('No installed program has the product code ' + $productCode + '.')
}
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Uninstalling a program needs an elevated (administrator) session.' -WindowsError 5
}

# [Environment]::SystemDirectory is GetSystemDirectory: the kernel's answer, not an environment variable.
$msiexec = [System.IO.Path]::Combine([Environment]::SystemDirectory, 'msiexec.exe')
$process = Start-Process -FilePath $msiexec -ArgumentList @('/x', [string]$productCode, '/qn', '/norestart') -PassThru -WindowStyle Hidden
# Touching Handle keeps the process handle open, without which ExitCode reads as null after exit.
$null = $process.Handle
if (-not $process.WaitForExit([int]$wait * 1000)) {
    Write-DsdFailure -Code 'script-timeout' -Message ('msiexec was still running after ' + $wait + ' s; it was left to finish on its own.')
}
$exitCode = [int]$process.ExitCode
switch ($exitCode) {
    1605 { Write-DsdFailure -Code 'program-not-found' -Message ('Windows Installer reports that ' + $productCode + ' is not installed (1605).') -WindowsError 1605 }
    1618 { Write-DsdFailure -Code 'uninstall-blocked' -Message 'Another installation is in progress (1618); try again when it has finished.' -WindowsError 1618 }
    1925 { Write-DsdFailure -Code 'not-elevated' -Message 'Windows Installer needs administrator rights for this uninstall (1925).' -WindowsError 1925 }
}

Write-DsdResult -Data ([ordered]@{
        ProductCode = [string]$entry['KeyName']
        DisplayName = $entry['DisplayName']
        View        = $entry['View']
        ExitCode    = $exitCode
    })
