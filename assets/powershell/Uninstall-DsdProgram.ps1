#Requires -Version 5.1
# Uninstalls one program silently with its own uninstaller, then reads the uninstall entries again.
#   Windows Installer entries: msiexec /x {GUID} /qn /norestart /l*v <log>, an argument array.
#   Other entries: the entry's UninstallString, split into program and arguments (no shell).
# Exit codes are returned as data (0, 3010, 1641, 1605, 1618, 1603, ...): the app says what each means.
# Input:  { "productCode": "{GUID}" | null, "displayName": "...", "view": "64" | "32", "waitSeconds": 1800 }
# Output: { ok: true, data: { ProductCode, DisplayName, View, Method ('msiexec' | 'uninstall-string'),
#           ExitCode, LogFile (or null), EntryPresent, RestartPending } }
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
# No cmdlet before DsdCommon has pinned the module path: a path join, not Join-Path.
. ([System.IO.Path]::Combine($PSScriptRoot, 'DsdCommon.ps1'))

$in = Read-DsdInput
$productCode = Get-DsdField -Object $in -Name 'productCode'
if (($null -ne $productCode) -and -not (Test-DsdProductCode -Value $productCode)) {
    Write-DsdFailure -Code 'bad-input' -Message 'productCode: expected an MSI product code like {01234567-89AB-CDEF-0123-456789ABCDEF}, or null.'
}
$displayName = Get-DsdField -Object $in -Name 'displayName'
if (($displayName -isnot [string]) -or ($displayName.Length -lt 1) -or ($displayName.Length -gt 512)) {
    Write-DsdFailure -Code 'bad-input' -Message 'displayName: expected the name of the uninstall entry (1 to 512 characters).'
}
$view = Get-DsdField -Object $in -Name 'view'
if (($view -ne '64') -and ($view -ne '32')) {
    Write-DsdFailure -Code 'bad-input' -Message 'view: expected "64" or "32".'
}
$wait = Get-DsdField -Object $in -Name 'waitSeconds'
if (-not (Test-DsdInteger -Value $wait -Min 1 -Max 3600)) {
    Write-DsdFailure -Code 'bad-input' -Message 'waitSeconds: expected a whole number from 1 to 3600.'
}

# The entry: by product code (the key name of an MSI entry), else by exact name in that view.
function Find-DsdEntry {
    $found = @()
    foreach ($candidate in @(Get-DsdUninstallEntries)) {
        if ([string]$candidate['View'] -ne [string]$view) {
            continue
        }
        if ($null -ne $productCode) {
            if ([string]::Equals([string]$candidate['KeyName'], [string]$productCode, [StringComparison]::OrdinalIgnoreCase)) {
                $found += , $candidate
            }
        } elseif ([string]::Equals([string]$candidate['DisplayName'], [string]$displayName, [StringComparison]::Ordinal)) {
            $found += , $candidate
        }
    }
    return , $found
}

$entries = Find-DsdEntry
if ($entries.Count -eq 0) {
    Write-DsdFailure -Code 'program-not-found' -Message ('No uninstall entry "' + $displayName + '" in the ' + $view + '-bit registry view.')
}
if ($entries.Count -gt 1) {
    Write-DsdFailure -Code 'bad-input' -Message ('More than one uninstall entry is named "' + $displayName + '"; uninstall it from Programs and Features.')
}
$entry = $entries[0]
if (-not (Test-DsdElevated)) {
    Write-DsdFailure -Code 'not-elevated' -Message 'Uninstalling a program needs an elevated (administrator) session.' -WindowsError 5
}

# Logs go under <Windows>\Logs, which only administrators can write; the folder comes from the kernel.
$windowsDir = [System.IO.Path]::GetDirectoryName([Environment]::SystemDirectory)
$logDir = [System.IO.Path]::Combine($windowsDir, 'Logs', 'DirSyncDoctor')
$null = [System.IO.Directory]::CreateDirectory($logDir)

$isMsi = ($null -ne $productCode) -and ([string]$entry['WindowsInstaller'] -eq '1')
$logFile = $null
if ($isMsi) {
    $method = 'msiexec'
    $logFile = [System.IO.Path]::Combine($logDir, ('uninstall-' + [DateTime]::UtcNow.ToString('yyyyMMdd-HHmmss') + '.log'))
    # [Environment]::SystemDirectory is GetSystemDirectory: the kernel's answer, not an environment variable.
    $msiexec = [System.IO.Path]::Combine([Environment]::SystemDirectory, 'msiexec.exe')
    $process = Start-Process -FilePath $msiexec -ArgumentList @('/x', [string]$productCode, '/qn', '/norestart', '/l*v', [string]$logFile) -PassThru -WindowStyle Hidden
} else {
    $method = 'uninstall-string'
    $command = [string]$entry['UninstallString']
    # "C:\path with spaces\uninst.exe" /args  or  C:\path\uninst.exe /args
    $match = [regex]::Match($command, '^\s*(?:"(?<exe>[^"]+)"|(?<exe>\S+\.exe))\s*(?<args>.*)$', [System.Text.RegularExpressions.RegexOptions]::IgnoreCase)
    if (-not $match.Success) {
        Write-DsdFailure -Code 'bad-input' -Message ('The uninstall entry of "' + $displayName + '" has no usable UninstallString.')
    }
    $uninstaller = $match.Groups['exe'].Value
    if (($uninstaller -notmatch '^[A-Za-z]:\\') -or $uninstaller.Contains('%') -or $uninstaller.Contains('..') -or -not [System.IO.File]::Exists($uninstaller)) {
        Write-DsdFailure -Code 'bad-input' -Message ('The uninstaller named by the entry is not a program on a local drive: ' + $uninstaller)
    }
    $arguments = @($match.Groups['args'].Value -split '\s+' | Where-Object { $_.Length -gt 0 })
    if ($arguments.Count -gt 0) {
        $process = Start-Process -FilePath $uninstaller -ArgumentList $arguments -PassThru -WindowStyle Hidden
    } else {
        $process = Start-Process -FilePath $uninstaller -PassThru -WindowStyle Hidden
    }
}
# Touching Handle keeps the process handle open, without which ExitCode reads as null after exit.
$null = $process.Handle
if (-not $process.WaitForExit([int]$wait * 1000)) {
    Write-DsdFailure -Code 'script-timeout' -Message ('The uninstaller was still running after ' + $wait + ' s; it was left to finish on its own.')
}
$exitCode = [int]$process.ExitCode

# Windows keeps files to replace at the next start here (an uninstall that needs a restart adds to it).
function Test-DsdRestartPending {
    $base = [Microsoft.Win32.RegistryKey]::OpenBaseKey([Microsoft.Win32.RegistryHive]::LocalMachine, [Microsoft.Win32.RegistryView]::Default)
    try {
        $sessionManager = $base.OpenSubKey('SYSTEM\CurrentControlSet\Control\Session Manager')
        if ($null -ne $sessionManager) {
            try {
                if ($null -ne $sessionManager.GetValue('PendingFileRenameOperations')) {
                    return $true
                }
            } finally {
                $sessionManager.Close()
            }
        }
        $servicing = $base.OpenSubKey('SOFTWARE\Microsoft\Windows\CurrentVersion\Component Based Servicing\RebootPending')
        if ($null -ne $servicing) {
            $servicing.Close()
            return $true
        }
        return $false
    } finally {
        $base.Close()
    }
}

Write-DsdResult -Data ([ordered]@{
        ProductCode    = $productCode
        DisplayName    = $entry['DisplayName']
        View           = $entry['View']
        Method         = $method
        ExitCode       = $exitCode
        LogFile        = $logFile
        EntryPresent   = ((Find-DsdEntry).Count -gt 0)
        RestartPending = (Test-DsdRestartPending)
    })
